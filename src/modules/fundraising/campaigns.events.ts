// What the fundraising module announces: a month's campaign was created or changed (goal, amount raised).
declare module '../../platform/events/event-bus.js' {
  interface DomainEvents {
    'campaign.changed': { campaignId: number; month: string; goalMinor: number; raisedMinor: number; currency: string };
  }
}

export const campaignSubject = (month: string) => `campaign:${month}`;
