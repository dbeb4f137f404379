import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './app/global.css';
import { startSession } from './lib/api-client';

// Removes tokens earlier versions left in localStorage and restores the session from the
// HttpOnly refresh cookie (the page shows a loader until it is known).
startSession();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
