import './app/zod-config.js';
import { QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { connectQueryCache, queryClient } from './api/queries.js';
import { Root } from './app/Root.js';
import './styles/app.css';

connectQueryCache();

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <Root />
  </QueryClientProvider>,
);
