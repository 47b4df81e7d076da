/**
 * GitHub's numbers, in one place, each with where GitHub documents it. Everything else imports them from here.
 */

/**
 * Secondary rate limits: 900 points a minute for REST (a GET 1 point, a write 5), at most 80 content-creating
 * requests a minute and 500 an hour. docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export const SECONDARY_LIMITS = {
  pointsPerMinute: 900,
  contentCreationsPerMinute: 80,
  contentCreationsPerHour: 500,
} as const;

/** "No more than 100 concurrent requests are allowed" (same page): the ceiling of --max-concurrency. */
export const MAX_CONCURRENT_REQUESTS = 100;

/**
 * GITHUB_TOKEN in Actions: 1,000 REST requests an hour per repository.
 * docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#primary-rate-limit-for-github_token-in-github-actions
 */
export const GITHUB_TOKEN_HOURLY_REQUESTS = 1000;

/** An issue body holds at most 65,536 characters (the REST API answers 422 past it). */
export const ISSUE_BODY_MAX = 65_536;

/** Issue titles: GitHub's UI and API take at most 256 characters. */
export const ISSUE_TITLE_MAX = 256;

/** Label names: at most 50 characters. */
export const LABEL_NAME_MAX = 50;

/** A parent takes at most 100 sub-issues, closed ones included. docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/adding-sub-issues */
export const SUB_ISSUES_PER_PARENT_MAX = 100;

/** List endpoints return at most 100 items a page (`per_page`). */
export const PAGE_SIZE_MAX = 100;

/** GraphQL `nodes(ids:)` takes at most 100 ids. */
export const GRAPHQL_NODES_MAX = 100;

/** Projects v2 item listings take at most 50 field ids in `fields`. docs.github.com/en/rest/projects/items */
export const PROJECT_FIELDS_PER_LISTING_MAX = 50;
