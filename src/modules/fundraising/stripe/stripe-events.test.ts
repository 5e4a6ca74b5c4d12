// The README tells an admin which events to enable on the Stripe webhook endpoint: exactly the ones handled.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { HANDLED_STRIPE_EVENTS } from './stripe-events.js';

it('the README lists the webhook events Gazette handles, no more and no fewer', () => {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../README.md'), 'utf8');
  const step = /Developers → Webhooks → Add endpoint[\s\S]*?Copy its signing secret/.exec(readme)?.[0];
  expect(step, 'the webhook step of "Connecting a Stripe account"').toBeDefined();
  const listed = [...step!.matchAll(/`([a-z_]+(?:\.[a-z_]+)+)`/g)].map((m) => m[1]);
  expect([...listed].sort()).toEqual([...HANDLED_STRIPE_EVENTS].sort());
});
