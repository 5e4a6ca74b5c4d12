// Who may do what with an article: asked by the service, the API, the editor pages and their views alike.
import { can, type Caller } from '../accounts/index.js';
import type { Article } from './articles.repo.js';

export const mayEditAnyArticle = (c: Caller): boolean => can(c, 'articles.write.any');
export const mayPublish = (c: Caller): boolean => can(c, 'articles.publish');
const owns = (c: Caller, a: Article) => c.user !== undefined && a.ownerId === c.user.id;
/** Editors open every article; authors the ones they wrote. */
export const mayOpenArticle = (c: Caller, a: Article): boolean => mayEditAnyArticle(c) || owns(c, a);
/** Editors change every article; authors only their own drafts. */
export const mayChangeArticle = (c: Caller, a: Article): boolean => mayEditAnyArticle(c) || (owns(c, a) && a.status === 'draft');
