/** Who is signed in: the session lives in an httpOnly cookie; the page only knows `/api/auth/me`. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, request, setUnauthorizedHandler } from '../api/client.js';
import type { Me } from '../api/types.js';

export interface Auth {
  /** undefined while asking the server, null when nobody is signed in. */
  me: Me | null | undefined;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const loadMe = useCallback(async () => {
    try {
      const who = await request<Me>('GET', '/api/auth/me', { quiet401: true });
      setMe(who);
      return who;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setMe(null);
        return null;
      }
      throw error;
    }
  }, []);

  useEffect(() => {
    loadMe().catch(() => setMe(null));
    setUnauthorizedHandler(() => setMe(null));
    return () => setUnauthorizedHandler(null);
  }, [loadMe]);

  const value = useMemo<Auth>(
    () => ({
      me,
      login: async (username, password) => {
        await request('POST', '/api/auth/login', { body: { username, password }, quiet401: true });
        const who = await loadMe();
        if (!who) throw new ApiError(401, 'not_signed_in', { zh: '登录未成功', en: 'sign-in did not succeed' });
        return who;
      },
      logout: async () => {
        await api.post('/api/auth/logout').catch(() => undefined);
        setMe(null);
      },
      can: (permission) => Boolean(me?.permissions.includes(permission)),
    }),
    [me, loadMe],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
