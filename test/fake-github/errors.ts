/** GitHub's error answers: `{ message, documentation_url, status }`, with `errors` for validation failures. */

export const REST_DOCS = 'https://docs.github.com/rest';
export const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
export const SECONDARY_LIMIT_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export interface FieldError {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
  /** Position in the request's array, for errors about one element. */
  index?: number;
  value?: string | number | string[];
}

/** Thrown by the model and the handlers; the server turns it into GitHub's JSON error. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { errors?: FieldError[]; documentationUrl?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  body(defaultDocs: string = REST_DOCS): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message };
    if (this.extra.errors) body.errors = this.extra.errors;
    body.documentation_url = this.extra.documentationUrl ?? defaultDocs;
    body.status = String(this.status);
    return body;
  }
}

export const notFound = (): GitHubError => new GitHubError(404, 'Not Found');

export const badCredentials = (): GitHubError => new GitHubError(401, 'Bad credentials');

export const validationFailed = (...errors: FieldError[]): GitHubError =>
  new GitHubError(422, 'Validation Failed', { errors });

/** A 422 whose message carries the reason, as the sub-issue and dependency endpoints answer. */
export const unprocessable = (message: string): GitHubError => new GitHubError(422, message);

export const secondaryLimitMessage =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
  'If you reach out to GitHub Support for help, please include the request ID ';
