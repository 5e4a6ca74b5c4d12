// TRUST_PROXY: each configuration form, and which address Fastify then reports as the client's.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { clientAddress, PRIVATE_RANGES, proxyTrustFunction } from './proxy-trust.js';

describe('TRUST_PROXY configuration', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['false', { kind: 'none' }],
    ['0', { kind: 'none' }],
    ['true', { kind: 'addresses', ranges: PRIVATE_RANGES }],
    ['1', { kind: 'hops', hops: 1 }],
    ['2', { kind: 'hops', hops: 2 }],
    ['10.0.0.0/8,192.168.1.5', { kind: 'addresses', ranges: ['10.0.0.0/8', '192.168.1.5'] }],
    [' 10.0.0.0/8 , fd00::/8 ', { kind: 'addresses', ranges: ['10.0.0.0/8', 'fd00::/8'] }],
    ['203.0.113.4', { kind: 'addresses', ranges: ['203.0.113.4'] }],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('trusts loopback and the private ranges for true', () => {
    expect(PRIVATE_RANGES).toEqual(expect.arrayContaining(['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']));
  });

  it.each([
    ['yes', /not an IP address/],
    ['10.0.0.0/33', /bad prefix length/],
    ['10.0.0.0/0', /would trust every address/],
    ['::/0', /would trust every address/],
    ['300.1.1.1', /"300\.1\.1\.1" is not an IP address/],
    ['10.0.0.0/8,', /without empty entries/],
    ['10.0.0.0/8/1', /not an IP address/],
    ['-1', /not an IP address/],
    ['1.5', /not an IP address/],
    ['11', /hop count must be between 1 and 10/],
  ])('refuses TRUST_PROXY=%s with one clear line', (value, message) => {
    let error: unknown;
    try { loadConfig({ TRUST_PROXY: value }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.startsWith('TRUST_PROXY: ')).toBe(true);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toContain(JSON.stringify(value));
    expect(problems[0]).not.toContain('\n');
  });
});

describe('client address behind proxies', () => {
  async function ipSeen(trustProxy: string, remoteAddress: string, xff?: string) {
    const app = Fastify({ trustProxy: proxyTrustFunction(loadConfig({ TRUST_PROXY: trustProxy }).trustProxy) });
    app.get('/ip', async (req) => ({ ip: clientAddress(req) }));
    const res = await app.inject({ url: '/ip', remoteAddress, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } });
    await app.close();
    return res.json().ip as string;
  }

  it.each([
    // TRUST_PROXY=true: the proxy on loopback or a private network appended the real address.
    ['true', '127.0.0.1', '6.6.6.6, 203.0.113.9', '203.0.113.9'],
    ['true', '10.1.2.3', '6.6.6.6, 203.0.113.9', '203.0.113.9'],
    ['true', '::ffff:172.20.0.5', '6.6.6.6, 203.0.113.9', '203.0.113.9'],
    ['true', '::1', '203.0.113.9', '203.0.113.9'],
    ['true', 'fd12::7', '6.6.6.6,203.0.113.9', '203.0.113.9'],
    // Two private proxies in a row: both are skipped.
    ['true', '10.1.2.3', '6.6.6.6, 203.0.113.9, 192.168.0.4', '203.0.113.9'],
    // A client that talks to the app directly cannot pick its address.
    ['true', '198.51.100.7', '6.6.6.6, 203.0.113.9', '198.51.100.7'],
    ['true', '198.51.100.7', '127.0.0.1', '198.51.100.7'],
    ['true', '10.1.2.3', undefined, '10.1.2.3'],
    // A hop count: that many proxies, whoever they are.
    ['1', '198.51.100.7', '6.6.6.6, 203.0.113.9', '203.0.113.9'],
    ['1', '10.1.2.3', undefined, '10.1.2.3'],
    ['2', '10.1.2.3', '6.6.6.6, 203.0.113.9, 10.0.0.8', '203.0.113.9'],
    ['2', '10.1.2.3', '203.0.113.9', '203.0.113.9'],
    // A list of proxies: only those.
    ['10.0.0.0/8,192.168.1.5', '192.168.1.5', '6.6.6.6, 203.0.113.9', '203.0.113.9'],
    ['10.0.0.0/8,192.168.1.5', '10.200.0.1', '6.6.6.6, 203.0.113.9, 10.0.0.2', '203.0.113.9'],
    ['10.0.0.0/8,192.168.1.5', '192.168.1.6', '6.6.6.6, 203.0.113.9', '192.168.1.6'],
    ['10.0.0.0/8,192.168.1.5', '127.0.0.1', '6.6.6.6, 203.0.113.9', '127.0.0.1'],
    ['10.0.0.0/8,192.168.1.5', '192.168.1.5', '6.6.6.6, 203.0.113.9, 192.168.1.6', '192.168.1.6'],
    // No proxy trusted: X-Forwarded-For means nothing.
    ['false', '127.0.0.1', '6.6.6.6, 203.0.113.9', '127.0.0.1'],
    // A proxy that appends the client's port: the address alone, so every connection of one client is one network.
    ['true', '10.1.2.3', '6.6.6.6, 203.0.113.9:51234', '203.0.113.9'],
    ['true', '10.1.2.3', '[2001:db8::9]:443', '2001:db8::9'],
    ['true', '10.1.2.3', '[::ffff:203.0.113.9]:443', '203.0.113.9'],
    ['1', '198.51.100.7', '203.0.113.9:8080', '203.0.113.9'],
    // A trusted proxy's own entry with a port is still that proxy, not the client.
    ['true', '10.0.0.6', '203.0.113.9:51234, 10.0.0.5:443', '203.0.113.9'],
    ['true', '10.0.0.6', '203.0.113.9, [fd00::5]:443', '203.0.113.9'],
    // A dual-stack socket's IPv4 peer is the IPv4 address.
    ['false', '::ffff:198.51.100.7', undefined, '198.51.100.7'],
    // Not an address (a proxy wrote something else): kept as it came, never merged with a real address.
    ['true', '10.1.2.3', 'unknown', 'unknown'],
  ])('TRUST_PROXY=%s, socket %s, X-Forwarded-For %j → %s', async (trust, socket, xff, expected) => {
    expect(await ipSeen(trust, socket, xff)).toBe(expected);
  });

  it('reads X-Forwarded-Proto and -Host only from a trusted proxy', async () => {
    const app = Fastify({ trustProxy: proxyTrustFunction(loadConfig({ TRUST_PROXY: 'true' }).trustProxy) });
    app.get('/where', async (req) => ({ protocol: req.protocol, host: req.host }));
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'news.example', host: 'app:3000' };
    expect((await app.inject({ url: '/where', remoteAddress: '10.0.0.2', headers })).json()).toEqual({ protocol: 'https', host: 'news.example' });
    expect((await app.inject({ url: '/where', remoteAddress: '198.51.100.7', headers })).json()).toEqual({ protocol: 'http', host: 'app:3000' });
    await app.close();
  });
});
