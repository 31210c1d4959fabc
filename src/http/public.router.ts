/**
 * The public side: what the widget calls from the business's own site. CORS, the cross-origin resource
 * policy, the per-IP limits and a capped JSON body are applied here, once; a feature router is public only
 * by being passed through here, and limited by construction.
 */
import cors from 'cors';
import express, { Router, type RequestHandler } from 'express';
import { allOf } from './compose.js';

/**
 * Public bodies are parsed while the rate limits are counted, so they are capped near what a real one needs
 * (a save-info form with 50 fields of 500 characters and 5,000 characters of notes is ~150 KB at most).
 */
const PUBLIC_JSON_BODY_LIMIT = '256kb';

export interface PublicApiDeps {
  corsOrigins: '*' | string[];
  /** The per-IP limits (createPublicLimiters). */
  limits: RequestHandler;
  /**
   * Work a request will need, started as soon as its body is parsed and run alongside the limits, so their
   * Redis commands leave together (one round trip). It may only read: a request the limits refuse must
   * have changed nothing.
   */
  readAhead?: RequestHandler;
}

export interface PublicApi {
  /** Routes the widget calls: CORS, limits, JSON body. */
  limited(...features: Router[]): Router;
  /** Probes (GET /health): CORS only; the contract says they are not rate limited. */
  unlimited(...features: Router[]): Router;
}

export function createPublicApi(deps: PublicApiDeps): PublicApi {
  const publicCors = cors({
    origin: deps.corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Accept'],
    // The widget on another origin reads these to say when to try again.
    exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
  // Public resources are meant to be used from the business's own site (another origin).
  const crossOriginResource: RequestHandler = (_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  };
  const body = Router().use(
    express.json({ limit: PUBLIC_JSON_BODY_LIMIT }),
    ...(deps.readAhead ? [deps.readAhead] : []),
  );
  // Every request is counted, a malformed one too: the limits run beside the body, not after it.
  const limited = [publicCors, crossOriginResource, allOf([deps.limits, body])];
  const unlimited = [publicCors, crossOriginResource];
  return {
    limited: (...features) => Router().use(...limited, ...features),
    unlimited: (...features) => Router().use(...unlimited, ...features),
  };
}
