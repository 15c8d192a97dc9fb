import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { connectQueryCache, queryClient } from './api/queries.js';
import { App } from './app/App.js';
import './styles/app.css';

connectQueryCache();

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <App />
  </QueryClientProvider>,
);
