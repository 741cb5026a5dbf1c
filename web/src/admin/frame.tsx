/**
 * The console's frame: the top bar (menu toggle on phones, brand, what this area is, who is signed in, sign out),
 * the sidebar and the main column. The organization shell and the Platform area fill it in.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { useSession } from './session';

export function Frame({ context, who, navLabel, nav, children }: { context: ReactNode; who: string; navLabel: string; nav: ReactNode; children: ReactNode }) {
  const { me, signOut } = useSession();
  const [location, navigate] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location]);
  return (
    <div className="shell">
      <header className="topbar">
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen((o) => !o)}>
          Menu
        </button>
        <span className="brand">Voelgoed</span>
        {context}
        <span className="who" title={me?.user.email}>
          {me?.user.name} · {who}
        </span>
        <button
          type="button"
          onClick={async () => {
            await signOut();
            navigate('~/admin/login');
          }}
        >
          Sign out
        </button>
      </header>
      <nav id="sidebar" className={`sidebar${menuOpen ? ' open' : ''}`} aria-label={navLabel}>
        <ul>{nav}</ul>
      </nav>
      <main className="content" id="main">
        {children}
      </main>
    </div>
  );
}
