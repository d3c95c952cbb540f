/** RFC 9457 problem details, the body of every error response. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface FieldError {
  /** JSON pointer-like path of the offending field, e.g. `address.country`. */
  field: string;
  message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are relative references documented in docs/problems.md. */
export function problemType(code: string): string {
  return `/problems/${code}`;
}
