/** PLACEHOLDER — replaced by the real app. */
import { createRoot } from 'react-dom/client';
import '../ui/base.css';

createRoot(document.getElementById('root')!).render(<h1>store</h1>);
