// The API as the portal uses it: the bearer token is kept in this module's memory only (never in localStorage or
// a cookie readable by scripts), so a reload asks for the login again.

let token = null;
let onUnauthorised = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors || [];
    this.problem = problem;
  }
}

export function setToken(value) {
  token = value;
}

export function loggedIn() {
  return token !== null;
}

export function whenUnauthorised(handler) {
  onUnauthorised = handler;
}

/** Calls the API: JSON in and out; a problem+json answer is thrown as an ApiError. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new ApiError(response.status, typeof data === 'object' ? data : { title: String(data) });
    if (response.status === 401 && token) onUnauthorised(error);
    throw error;
  }
  return data;
}

/** A binary answer (a PDF) as an object URL, fetched with the token. */
export async function blobUrl(path, accept) {
  const response = await fetch(`/api/v1${path}`, {
    headers: { Accept: accept, Authorization: `Bearer ${token}` },
    credentials: 'omit',
  });
  if (!response.ok) throw new ApiError(response.status, await response.json());
  return URL.createObjectURL(await response.blob());
}

/** Logs in: a tenant's user (slug given) or a platform operator (no slug). */
export async function login(tenant, username, password) {
  const body = { username, password };
  if (tenant) body.tenant = tenant;
  const answer = await api('POST', '/auth/token', body);
  token = answer.access_token;
  return answer;
}
