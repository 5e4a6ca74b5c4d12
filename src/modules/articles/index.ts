// The articles module as other modules see it: articles, images, their API and pages.
export { type Article } from './articles.repo.js';
export { registerArticleRoutes } from './articles.routes.js';
export { slugParams } from './articles.schemas.js';
export { createArticlesService, slugify, type ArticlesService } from './articles.service.js';
export { MAX_IMAGE_BYTES, createImagesService, type ImagesService } from './images.service.js';
export { registerArticlePages } from './pages/article-pages.js';
export { ArticleView } from './views/ArticlePage.js';
export { HomeView } from './views/HomePage.js';
export { createSearchService, type SearchService } from './search.service.js';
export { registerSearchRoutes } from './search.routes.js';
export { textOfHtml } from './search-text.js';
export { publicPathOf } from './articles.repo.js';
export { createListingService, monthRange, pageNumberOf, LISTING_PAGE_SIZE, type ArchiveMonth, type ListingPage, type ListingService } from './listing.service.js';
export { ArticleListing, TagLinks, tagPath, type ArticleListingProps } from './views/ArticleListing.js';
export { Pagination, PaginationHead, pageHref, type PageLinks } from './views/Pagination.js';
export { StaticPageView } from './views/StaticPageView.js';
export { type ImportedArticle } from './article-import.js';
