/** Minimal Chatwoot API calls for tests, spoken directly to the sandbox (not through Omniloom's client). */
export interface SandboxApi {
  get<T = any>(path: string): Promise<T>;
  post<T = any>(path: string, body?: unknown): Promise<T>;
  patch<T = any>(path: string, body?: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

export function sandboxApi(baseUrl: string, token: string, accountId: number): SandboxApi {
  const call = async (method: string, path: string, body?: unknown) => {
    const url = path.startsWith('/__sandbox') || path.startsWith('/api/v1/profile') ? `${baseUrl}${path}` : `${baseUrl}/api/v1/accounts/${accountId}${path}`;
    const response = await fetch(url, {
      method,
      headers: { api_access_token: token, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body ?? {}),
    delete: async (path) => {
      await call('DELETE', path);
    },
  };
}
