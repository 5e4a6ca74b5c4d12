// The moderation section's own navigation: the queue, bans, block list, audit log, and the settings for
// those who may change them.
import { MODERATION } from './paths.js';

export function SubNav({ current, canSettings }: { current: string; canSettings: boolean }) {
  const links: [string, string][] = [
    [MODERATION, 'Queue'], [`${MODERATION}/bans`, 'Bans'], [`${MODERATION}/block-list`, 'Block list'], [`${MODERATION}/log`, 'Audit log'],
    ...(canSettings ? [[`${MODERATION}/settings`, 'Settings'] as [string, string]] : []),
  ];
  return (
    <nav class="mod-subnav" aria-label="Moderation">
      {links.map(([href, label]) => <a key={href} href={href} aria-current={current === href ? 'page' : undefined}>{label}</a>)}
    </nav>
  );
}
