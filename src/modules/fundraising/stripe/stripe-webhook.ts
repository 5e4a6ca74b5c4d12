// POST /webhooks/stripe: Stripe's events, verified against the raw body's signature (STRIPE_WEBHOOK_SECRET,
// five minutes' tolerance) before anything is read. A bad or stale signature is a 400 and records nothing;
// an event is applied once however often it comes (donations.applyEvent); a failure is a 500, which Stripe
// retries. Not in the API registry: no caller, no session — the signature is the authentication.
import type { FastifyInstance } from 'fastify';
import type { DonationsService } from '../donations.service.js';
import { ledgerChangesOf } from './stripe-events.js';
import type { StripeGateway } from './stripe-gateway.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';
/** Stripe's events are a few kilobytes; a megabyte is generous. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

export function registerStripeWebhook(app: FastifyInstance, deps: {
  gateway: StripeGateway | undefined;
  webhookConfigured: boolean;
  donations: DonationsService;
  log: (level: 'info' | 'warn' | 'error', obj: object, msg: string) => void;
}) {
  const { gateway, donations, log } = deps;
  const fail = (code: string, message: string) => ({ error: { code, message } });
  app.register(async (scope) => {
    // The signature covers the exact bytes Stripe sent: keep them as they are, whatever the content type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.post(STRIPE_WEBHOOK_PATH, async (req, reply) => {
      if (!gateway || !deps.webhookConfigured) {
        // Nothing here to deliver to: a 404 (not a 5xx: the site is not failing, it takes no card donations).
        return reply.code(404).send(fail('DONATIONS_UNAVAILABLE', 'Stripe webhooks are not set up on this site (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET)'));
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.headers['stripe-signature'];
      let event;
      try {
        event = gateway.verify(raw, typeof signature === 'string' ? signature : undefined);
      } catch (err) {
        log('warn', { err: (err as Error).message }, 'Stripe webhook refused: bad signature');
        return reply.code(400).send(fail('BAD_SIGNATURE', 'The Stripe-Signature header does not match this body, or is older than five minutes'));
      }
      const e = event as unknown as { id?: unknown; type?: unknown; data?: { object?: unknown } } | null;
      if (typeof e?.id !== 'string' || typeof e.type !== 'string' || typeof e.data?.object !== 'object' || e.data.object === null) {
        return reply.code(400).send(fail('UNREADABLE_EVENT', 'The body is not a Stripe event'));
      }
      let changes;
      try {
        changes = await ledgerChangesOf(event, gateway);
      } catch (err) {
        if ((err as { type?: string }).type?.startsWith('Stripe')) {
          // Stripe's API did not answer a question about the event (the payment behind an invoice): try later.
          log('warn', { err: (err as Error).message, event: { id: event.id, type: event.type } }, 'Stripe API failed while reading an event');
          return reply.code(503).send(fail('PAYMENT_PROVIDER_ERROR', 'Stripe could not be asked about this event; deliver it again later'));
        }
        // An event Gazette cannot read (a shape it does not know): logged for the admin; Stripe delivers it
        // again for three days, so it is applied once the code reads it.
        log('error', { err, event: { id: event.id, type: event.type, api_version: event.api_version } }, 'Stripe event not understood');
        return reply.code(400).send(fail('UNREADABLE_EVENT', `Gazette could not read this ${event.type} event`));
      }
      if (!changes) return reply.send({ received: true, handled: false });
      const result = await donations.applyEvent(event.id, event.type, changes);
      log('info', { event: { id: event.id, type: event.type }, result }, 'Stripe event');
      return reply.send({ received: true, handled: true, duplicate: result === 'duplicate' });
    });
  });
}
