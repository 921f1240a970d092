/**
 * Which parts of the API this server has. The application is built with the platform and grows with
 * it: a screen whose API is not on this server says so instead of failing. The list comes from the
 * server's own OpenAPI document (public, generated from the routes).
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { request } from './client.js';

export interface ApiCatalog {
  loaded: boolean;
  /** Is `METHOD path` (path as in OpenAPI, e.g. /api/plans/{id}) served? */
  has(method: string, path: string): boolean;
  /** Is any path starting with this prefix served? */
  hasPrefix(prefix: string): boolean;
}

const EMPTY: ApiCatalog = { loaded: false, has: () => false, hasPrefix: () => false };
const CatalogContext = createContext<ApiCatalog>(EMPTY);

export function catalogOf(paths: Record<string, Record<string, unknown>>): ApiCatalog {
  const routes = new Set<string>();
  for (const [path, operations] of Object.entries(paths)) {
    for (const method of Object.keys(operations)) routes.add(`${method.toLowerCase()} ${path}`);
  }
  const all = Object.keys(paths);
  return {
    loaded: true,
    has: (method, path) => routes.has(`${method.toLowerCase()} ${path}`),
    hasPrefix: (prefix) => all.some((p) => p.startsWith(prefix)),
  };
}

export function ApiCatalogProvider({ children }: { children: ReactNode }) {
  const [catalog, setCatalog] = useState<ApiCatalog>(EMPTY);
  useEffect(() => {
    let live = true;
    request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json', { quiet401: true })
      .then((doc) => live && setCatalog(catalogOf(doc.paths ?? {})))
      .catch(() => live && setCatalog({ ...EMPTY, loaded: true }));
    return () => {
      live = false;
    };
  }, []);
  return <CatalogContext.Provider value={catalog}>{children}</CatalogContext.Provider>;
}

export const useApiCatalog = () => useContext(CatalogContext);
