/**
 * What a Markdown app would make of an exported file: its frontmatter parsed as YAML, its body
 * rendered by two real parsers with raw HTML on and every link kept (markdown-it drops
 * script links by itself; Obsidian and others may not), then searched for anything that could
 * run: an event-handler attribute, a script or plugin element, a script address.
 */
import { parseHTML } from 'linkedom';
import { marked } from 'marked';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';

/** markdown-it ships no types: the parts used here. */
interface MarkdownIt {
  render(markdown: string): string;
  validateLink: (url: string) => boolean;
}
const MarkdownItParser = createRequire(import.meta.url)('markdown-it') as new (options: { html: boolean; linkify: boolean }) => MarkdownIt;
const markdownIt = new MarkdownItParser({ html: true, linkify: true });
markdownIt.validateLink = () => true;

const ACTIVE_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'input', 'button',
  'textarea', 'select', 'style', 'svg', 'math', 'template', 'noscript', 'portal',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc', 'srcset', 'ping', 'codebase']);
const INERT_DATA_IMAGE = /^data:image\/(png|gif|jpe?g|webp|avif)[;,]/;

/** How a browser reads an address: surrounding spaces and control characters, and tabs and newlines inside, do not count. */
function browserView(url: string): string {
  return url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
}

function isScriptUrl(url: string): boolean {
  const seen = browserView(url);
  if (seen.startsWith('javascript:') || seen.startsWith('vbscript:')) return true;
  return seen.startsWith('data:') && !INERT_DATA_IMAGE.test(seen);
}

function activeParts(html: string): string[] {
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  const problems: string[] = [];
  for (const element of document.body.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (ACTIVE_ELEMENTS.has(tag)) problems.push(`<${tag}> element`);
    for (const { name, value } of Array.from(element.attributes) as { name: string; value: string }[]) {
      if (/^on/i.test(name)) problems.push(`${name}= on <${tag}>`);
      else if (URL_ATTRIBUTES.has(name.toLowerCase()) && isScriptUrl(value)) problems.push(`${name}="${value.slice(0, 60)}" on <${tag}>`);
    }
  }
  return problems;
}

/** Everything in one exported Markdown file that could run or load script; empty when it is inert. */
export function activeMarkdown(markdown: string): string[] {
  const problems: string[] = [];
  let body = markdown;
  const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (frontmatter) {
    try {
      parseYaml(frontmatter[1]);
    } catch (error) {
      problems.push(`frontmatter is not YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    body = markdown.slice(frontmatter[0].length);
  }
  for (const [parser, html] of [['markdown-it', markdownIt.render(body)], ['marked', marked.parse(body, { async: false, gfm: true })]] as const) {
    for (const problem of activeParts(html)) problems.push(`${parser}: ${problem}`);
  }
  return problems;
}
