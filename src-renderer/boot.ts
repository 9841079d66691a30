/** The app itself, loaded by main.ts once the library's first page has been asked for. */
import { mount } from 'svelte';
import App from './App.svelte';

export function boot(): void {
  mount(App, { target: document.getElementById('app')! });
}
