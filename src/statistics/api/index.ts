/** The pure format layer of the open statistics API (FHI Statistikk Open API compatible). */
export * from './table.js';
export * from './request.js';
export * from './render.js';
