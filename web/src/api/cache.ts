/**
 * Reference lists many screens need (regions, departments, layers, plans), fetched once per session
 * and shared. `forget()` on sign-in/out, since what one may read depends on who one is.
 */
import { api } from './client.js';
import type { Department, LayerView, Plan, Zone } from './types.js';

const memo = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let promise = memo.get(key) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    promise.catch(() => memo.delete(key));
    memo.set(key, promise);
  }
  return promise;
}

export const forget = () => memo.clear();
export const forgetKey = (key: string) => memo.delete(key);

export const cached = {
  zones: () => once('zones', () => api.get<Zone[]>('/api/zones')),
  departments: () => once('departments', () => api.get<Department[]>('/api/departments')),
  layers: () => once('layers', () => api.get<LayerView[]>('/api/layers')),
  plans: () => once('plans', () => api.get<Plan[]>('/api/plans')),
};
