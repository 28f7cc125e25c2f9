/**
 * `/favicon.ico`: browsers ask every page's origin for it, the pay pages' included, and log a 404 as an error on
 * every page load. A 279-byte icon (the pay card's blue, a white baht sign), cached for a day.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { FAVICON_ICO } from '../favicon-ico.ts';

const icon = Uint8Array.from(atob(FAVICON_ICO), (c) => c.charCodeAt(0));

/** The icon as an answer; the demo shop serves it too. */
export const favicon = () => new Response(icon, { headers: { 'Content-Type': 'image/x-icon', 'Cache-Control': 'public, max-age=86400' } });

export const iconRoutes = () => new Hono<AppEnv>().get('/favicon.ico', () => favicon());
