import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app.js';
import { ApiCatalogProvider } from './api/catalog.js';
import { AuthProvider } from './auth/auth.js';
import { I18nProvider } from './i18n/i18n.js';
import { ThemeProvider } from './layout/theme.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <ThemeProvider>
        <ApiCatalogProvider>
          <AuthProvider>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </AuthProvider>
        </ApiCatalogProvider>
      </ThemeProvider>
    </I18nProvider>
  </StrictMode>,
);
