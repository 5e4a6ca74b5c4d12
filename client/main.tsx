// Browser entry: progressive enhancements of the server-rendered page.
import { installLightbox } from './lightbox.js';
import { mountComments } from './comments-island.js';
import { installDonationForm } from './donation-form.js';
import { installCommentPrompt } from './comment-prompt.js';
import { installInlineFeedback } from './inline-feedback.js';

installLightbox(document);
mountComments(document);
installDonationForm(document);
installCommentPrompt(document);
installInlineFeedback(document);
