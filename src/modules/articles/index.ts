// The articles module as other modules see it: articles, images, their API and pages.
export { type Article } from './articles.repo.js';
export { registerArticleRoutes } from './articles.routes.js';
export { slugParams } from './articles.schemas.js';
export { createArticlesService, type ArticlesService } from './articles.service.js';
export { MAX_IMAGE_BYTES, createImagesService, type ImagesService } from './images.service.js';
export { registerArticlePages } from './pages/article-pages.js';
export { ArticleView } from './views/ArticlePage.js';
export { HomeView } from './views/HomePage.js';
export { createSearchService, type SearchService } from './search.service.js';
export { registerSearchRoutes } from './search.routes.js';
export { textOfHtml } from './search-text.js';
export { BylineNames } from './views/Byline.js';
export { joinNames } from './bylines.js';
