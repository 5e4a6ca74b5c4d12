// The one source of "now", injected so tests can move time (edit windows, scheduling).
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
