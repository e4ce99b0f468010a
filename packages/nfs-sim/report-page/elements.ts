import { byId } from './dom.js';

// The elements of the page the script works in (render-report.ts writes them).
export const timeline = byId('timeline')!;
export const header = byId('lane-header')!;
export const plot = byId('plot')!;
export const canvas = byId('canvas') as HTMLCanvasElement;
export const overlays = byId('overlays')!;
export const detail = byId('detail')!;
export const tooltip = byId('tooltip')!;
export const readout = byId('cursor-time')!;
export const ctx = canvas.getContext('2d')!;
