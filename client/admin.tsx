// Newsroom admin enhancements. Each page's island is found by a data attribute and mounted here.
import { mountEditor } from './admin-editor.js';
import { mountModeration } from './admin-moderation.js';

mountEditor(document);
mountModeration(document);
