/*
 * Open-loop HTTP/1.1 load generator for bench/writes.bench.ts, a native process of its own (wrk2, the usual
 * tool for this, is not in Debian; wrk is closed-loop). Built by the bench with the machine's C compiler
 * (the one npm already needs for better-sqlite3).
 *
 *   open-loop <host> <port> <requests file> <rate per second> <warm-up seconds>
 *
 * The requests file holds complete HTTP/1.1 requests, each preceded by its length (4 bytes, little-endian).
 * Request i is due at start + i / rate. It goes out on an idle keep-alive connection (PRE_OPEN are opened at
 * the start and used in turn), or on a new one when all are busy, so the server's slowness does not delay later
 * sends; past MAX_CONNS busy connections a due request waits for one to free. Either way its latency counts
 * from its due time to the end of its response (no coordinated omission). Responses must carry
 * Content-Length (Gazette's JSON answers do). The verdict of a post is the first "status":"…" in the answer
 * of a 2xx (the comment's status), "refused" for another status, "socket-error" when the connection failed.
 *
 * Writes its report to <report file> as one JSON object: {"sent":…,"measured":…,"latencies":[ms…],
 * "statuses":{…},"verdicts":{…},"maxSendLagMs":…}, counting only requests due after the warm-up (a file, not
 * standard output: a long run's latencies outgrow what the bench keeps of a child's output).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 256
#define PRE_OPEN 16 /* connections opened before the first request */
#define TIMEOUT_S 30.0

typedef struct {
  int fd;
  int busy;
  size_t req;        /* request in flight */
  size_t written;    /* bytes of it written */
  char *buf;
  size_t len, cap;
} Conn;

typedef struct {
  double latency_ms; /* < 0: not finished */
  int status;
  char verdict[24];
} Result;

static const char *host;
static int port;
static char **reqs;
static uint32_t *req_len;
static size_t n_reqs;
static Result *results;
static Conn conns[MAX_CONNS];
static int n_conns;
static int ep;
static double start;
static double rate;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double due(size_t i) { return start + (double)i * 1000.0 / rate; }

static void die(const char *msg) {
  perror(msg);
  exit(2);
}

static void load_requests(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die("open requests file");
  size_t cap = 1024;
  reqs = malloc(cap * sizeof *reqs);
  req_len = malloc(cap * sizeof *req_len);
  unsigned char lenb[4];
  while (fread(lenb, 1, 4, f) == 4) {
    uint32_t len = lenb[0] | (lenb[1] << 8) | (lenb[2] << 16) | ((uint32_t)lenb[3] << 24);
    if (n_reqs == cap) {
      cap *= 2;
      reqs = realloc(reqs, cap * sizeof *reqs);
      req_len = realloc(req_len, cap * sizeof *req_len);
    }
    reqs[n_reqs] = malloc(len);
    if (fread(reqs[n_reqs], 1, len, f) != len) { fprintf(stderr, "truncated requests file\n"); exit(2); }
    req_len[n_reqs++] = len;
  }
  fclose(f);
}

static void finish(Conn *c, int status, const char *verdict) {
  Result *r = &results[c->req];
  r->latency_ms = now_ms() - due(c->req);
  r->status = status;
  snprintf(r->verdict, sizeof r->verdict, "%s", verdict);
  c->busy = 0;
  c->len = 0;
}

static void drop(Conn *c) {
  if (c->fd >= 0) { epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); }
  c->fd = -1;
  c->len = 0;
}

static int connect_conn(Conn *c) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
  inet_pton(AF_INET, host, &a.sin_addr);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { close(fd); return -1; }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
  c->fd = fd;
  return 0;
}

static void want_write(Conn *c, int on) {
  struct epoll_event ev = { .events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c };
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void write_some(Conn *c) {
  while (c->written < req_len[c->req]) {
    ssize_t n = write(c->fd, reqs[c->req] + c->written, req_len[c->req] - c->written);
    if (n < 0) {
      if (errno == EAGAIN) { want_write(c, 1); return; }
      finish(c, 0, "socket-error");
      drop(c);
      return;
    }
    c->written += (size_t)n;
  }
  want_write(c, 0);
}

/* A whole response in c->buf? Then record it. */
static void parse(Conn *c) {
  char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
  if (!end) return;
  size_t head = (size_t)(end - c->buf) + 4;
  int status = 0;
  if (c->len < 12 || sscanf(c->buf, "HTTP/1.%*c %d", &status) != 1) { finish(c, 0, "error"); drop(c); return; }
  long body = -1;
  int close_after = 0;
  for (char *p = c->buf; p < end; ) {
    char *nl = memmem(p, (size_t)(end - p) + 2, "\r\n", 2);
    if (!nl) break;
    if ((size_t)(nl - p) > 15 && strncasecmp(p, "content-length:", 15) == 0) body = strtol(p + 15, NULL, 10);
    if ((size_t)(nl - p) > 11 && strncasecmp(p, "connection:", 11) == 0 && memmem(p, (size_t)(nl - p), "close", 5)) close_after = 1;
    p = nl + 2;
  }
  if (body < 0) { fprintf(stderr, "a response without Content-Length\n"); exit(2); }
  if (c->len < head + (size_t)body) return;
  char verdict[24] = "refused";
  if (status >= 200 && status < 300) {
    char *s = memmem(c->buf + head, (size_t)body, "\"status\":\"", 10);
    if (s) {
      s += 10;
      size_t k = 0;
      while (k < sizeof verdict - 1 && s + k < c->buf + head + body && s[k] != '"') { verdict[k] = s[k]; k++; }
      verdict[k] = 0;
    } else {
      snprintf(verdict, sizeof verdict, "error");
    }
  }
  finish(c, status, verdict);
  if (close_after) drop(c);
}

static void read_some(Conn *c) {
  for (;;) {
    if (c->cap - c->len < 65536) {
      c->cap = c->cap ? c->cap * 2 : 131072;
      c->buf = realloc(c->buf, c->cap);
    }
    ssize_t n = read(c->fd, c->buf + c->len, c->cap - c->len);
    if (n > 0) { c->len += (size_t)n; continue; }
    if (n < 0 && errno == EAGAIN) break;
    /* closed or failed */
    if (c->busy) finish(c, 0, "socket-error");
    drop(c);
    return;
  }
  if (c->busy) parse(c);
}

/* The idle connection used least recently (round robin), so that requests spread over the connections as
   they would over many readers' (and over a cluster's workers, which the kernel gives connections in turn). */
static Conn *idle_conn(void) {
  static int last = -1;
  for (int k = 1; k <= n_conns; k++) {
    int i = (last + k) % n_conns;
    if (!conns[i].busy && conns[i].fd >= 0) { last = i; return &conns[i]; }
  }
  for (int i = 0; i < n_conns; i++) if (!conns[i].busy && conns[i].fd < 0 && connect_conn(&conns[i]) == 0) return &conns[i];
  if (n_conns < MAX_CONNS) {
    Conn *c = &conns[n_conns];
    memset(c, 0, sizeof *c);
    c->fd = -1;
    if (connect_conn(c) == 0) { n_conns++; return c; }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 7) { fprintf(stderr, "usage: open-loop <host> <port> <requests file> <rate> <warm-up seconds> <report file>\n"); return 2; }
  FILE *out = fopen(argv[6], "w");
  if (!out) { perror(argv[6]); return 2; }
  host = argv[1];
  port = atoi(argv[2]);
  load_requests(argv[3]);
  rate = atof(argv[4]);
  double warm_ms = atof(argv[5]) * 1000.0;
  if (n_reqs == 0 || rate <= 0) { fprintf(stderr, "nothing to send\n"); return 2; }
  results = calloc(n_reqs, sizeof *results);
  for (size_t i = 0; i < n_reqs; i++) results[i].latency_ms = -1;
  ep = epoll_create1(0);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  struct epoll_event tev = { .events = EPOLLIN, .data.ptr = NULL };
  epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);
  for (; n_conns < PRE_OPEN; n_conns++) {
    memset(&conns[n_conns], 0, sizeof conns[n_conns]);
    if (connect_conn(&conns[n_conns]) < 0) die("connect");
  }
  start = now_ms() + 50;
  size_t next = 0, done = 0; /* done: requests answered, failed or timed out */
  double max_lag = 0;
  struct epoll_event evs[64];
  while (done < n_reqs) {
    double t = now_ms();
    while (next < n_reqs && due(next) <= t) {
      Conn *c = idle_conn();
      /* Every connection busy and no new one possible: the request waits for one to free (its latency still
         counts from its due time, and its lateness shows in maxSendLagMs). */
      if (!c) break;
      if (due(next) - start >= warm_ms && t - due(next) > max_lag) max_lag = t - due(next);
      c->busy = 1; c->req = next; c->written = 0; c->len = 0;
      next++;
      write_some(c);
    }
    if (next < n_reqs && due(next) > now_ms()) { /* a request already due waits for a response instead */
      double at = due(next);
      struct itimerspec its = { 0 };
      its.it_value.tv_sec = (time_t)(at / 1000.0);
      its.it_value.tv_nsec = (long)((at - its.it_value.tv_sec * 1000.0) * 1e6);
      timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
    }
    int n = epoll_wait(ep, evs, 64, 1000);
    for (int k = 0; k < n; k++) {
      Conn *c = evs[k].data.ptr;
      if (!c) { uint64_t x; while (read(tfd, &x, sizeof x) > 0) {} continue; }
      if (c->fd < 0) continue;
      if (evs[k].events & EPOLLOUT && c->busy) write_some(c);
      if (c->fd >= 0 && evs[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_some(c);
    }
    /* count finished requests; give up on any outstanding for more than TIMEOUT_S */
    done = 0;
    t = now_ms();
    for (size_t i = 0; i < next; i++) if (results[i].latency_ms >= 0) done++;
    for (int i = 0; i < n_conns; i++) {
      Conn *c = &conns[i];
      if (c->busy && t - due(c->req) > TIMEOUT_S * 1000) { finish(c, 0, "timeout"); drop(c); }
    }
  }
  /* report */
  size_t measured = 0;
  fprintf(out, "{\"sent\":%zu,\"latencies\":[", n_reqs);
  for (size_t i = 0; i < n_reqs; i++) {
    if (due(i) - start < warm_ms) continue;
    fprintf(out, "%s%.3f", measured ? "," : "", results[i].latency_ms);
    measured++;
  }
  fprintf(out, "],\"measured\":%zu,\"statuses\":{", measured);
  /* statuses and verdicts: small sets, counted by linear search */
  int codes[64], code_n[64], nc = 0;
  char names[32][24]; int name_n[32], nn = 0;
  for (size_t i = 0; i < n_reqs; i++) {
    if (due(i) - start < warm_ms) continue;
    int k;
    for (k = 0; k < nc && codes[k] != results[i].status; k++) {}
    if (k == nc && nc < 64) { codes[nc] = results[i].status; code_n[nc++] = 0; }
    if (k < 64) code_n[k]++;
    for (k = 0; k < nn && strcmp(names[k], results[i].verdict) != 0; k++) {}
    if (k == nn && nn < 32) { snprintf(names[nn], 24, "%s", results[i].verdict); name_n[nn++] = 0; }
    if (k < 32) name_n[k]++;
  }
  for (int k = 0; k < nc; k++) fprintf(out, "%s\"%d\":%d", k ? "," : "", codes[k], code_n[k]);
  fprintf(out, "},\"verdicts\":{");
  for (int k = 0; k < nn; k++) fprintf(out, "%s\"%s\":%d", k ? "," : "", names[k], name_n[k]);
  fprintf(out, "},\"maxSendLagMs\":%.3f,\"connections\":%d}\n", max_lag, n_conns);
  if (fclose(out) != 0) { perror(argv[6]); return 2; }
  return 0;
}
