/** The buyer storefront: `/`, `/events/:eventId` (pick and buy), `/orders/:accessToken` (the order and its tickets). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../ui/base.css';
import './store.css';
import { App } from './App';
import { installVisitorHeader } from './track';

installVisitorHeader();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
