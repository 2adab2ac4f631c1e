// The REST API (/api/v1), with problem+json errors turned into readable messages.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

async function parse(response) {
  const type = response.headers.get('content-type') || '';
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    if (type.includes('json')) {
      const body = await response.json().catch(() => null);
      if (body && (body.detail || body.title)) detail = body.detail || body.title;
    }
    throw new ApiError(response.status, detail);
  }
  if (response.status === 204) return null;
  return type.includes('json') ? response.json() : response.text();
}

/** GET /api/v1/{path} with query parameters (arrays repeat the parameter; empty values are left out). */
export async function get(path, params = {}, signal) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null && v !== '') query.append(key, v);
    }
  }
  const qs = query.toString();
  return parse(await fetch(`/api/v1/${path}${qs ? '?' + qs : ''}`, { signal, headers: { accept: 'application/json' } }));
}

export async function send(method, path, body) {
  return parse(await fetch(`/api/v1/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  }));
}
