/** The CLI's commands for claims, links and notes. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { MAX_NOTE_BYTES } from '../common/limits';
import { NotebookError } from '../common/errors';
import type { NoteSummary, Passage } from '../common/model';
import { relationVerbs } from '../common/model';
import { call, shorten, type Command } from './command';

export const ARGUMENT_USAGE = `  commonplace claim <highlightId> [--statement TEXT] [--unmark] [--json]
                                               mark a highlight as a claim, restated in your words
  commonplace claims [--contested] [--json]    list claims with their supporting and contradicting passages
  commonplace link <fromId> <toId> --relation supports|contradicts|same_as|related [--rationale TEXT] [--json]
                                               link two highlights or claims ("from supports to")
  commonplace links <id> [--json]              what links to a highlight or claim, what it links to, and the notes citing it
  commonplace note new [--title TEXT] [--from-markdown FILE] [--json]
                                               start a note, empty or from a Markdown file
  commonplace notes [--json]                   list notes, most recently changed first`;


function passageLabel(passage: Passage): string {
  const text = passage.statement ?? passage.quote;
  return `“${shorten(text, 60)}”${passage.deleted ? ' (passage deleted)' : ''} — ${shorten(passage.articleTitle, 40)}`;
}

function noteLine(note: NoteSummary): string {
  return `${note.id}  ${note.updatedAt.slice(0, 10)}  ${note.title || 'Untitled note'}${note.excerpt ? `  — ${shorten(note.excerpt, 50)}` : ''}`;
}

export const argumentCommands: Record<string, Command> = {
  claim: {
    options: { statement: { type: 'string' }, unmark: { type: 'boolean' }, json: { type: 'boolean' } },
    async run(open, { positionals, values }, io) {
      if (positionals.length !== 1) {
        io.err('commonplace claim: give one highlight id.');
        return 2;
      }
      const highlight = await call(open(), 'updateHighlight', { id: positionals[0], isClaim: !values.unmark, statement: values.statement });
      if (values.json) io.out(JSON.stringify(highlight));
      else io.out(`${highlight.isClaim ? 'Claim' : 'No longer a claim'} ${highlight.id}  “${shorten(highlight.statement ?? highlight.quote.exact)}”`);
      return 0;
    },
  },
  claims: {
    options: { contested: { type: 'boolean' }, json: { type: 'boolean' } },
    async run(open, { values }, io) {
      const claims = await call(open(), 'listClaims', { contested: values.contested || undefined });
      for (const claim of claims) {
        if (values.json) io.out(JSON.stringify(claim));
        else io.out(`${claim.id}  ${claim.supporting} supporting, ${claim.contradicting} contradicting, ${claim.sources} sources  ${passageLabel(claim)}`);
      }
      if (!values.json && claims.length === 0) io.out(values.contested ? 'No claim is both supported and contradicted.' : 'No claims yet: commonplace claim <highlightId>');
      return 0;
    },
  },
  link: {
    options: { relation: { type: 'string' }, rationale: { type: 'string' }, json: { type: 'boolean' } },
    async run(open, { positionals, values }, io) {
      if (positionals.length !== 2 || typeof values.relation !== 'string') {
        io.err('commonplace link: give two highlight ids and --relation supports|contradicts|same_as|related.');
        return 2;
      }
      const link = await call(open(), 'createLink', { from: positionals[0], to: positionals[1], relation: values.relation, rationale: values.rationale });
      if (values.json) io.out(JSON.stringify(link));
      else io.out(`Linked ${link.id}: ${passageLabel(link.from)} ${relationVerbs[link.relation]} ${passageLabel(link.to)}`);
      return 0;
    },
  },
  links: {
    options: { json: { type: 'boolean' } },
    async run(open, { positionals, values }, io) {
      if (positionals.length !== 1) {
        io.err('commonplace links: give one highlight, claim, article or note id.');
        return 2;
      }
      const backlinks = await call(open(), 'listLinks', { id: positionals[0] });
      if (values.json) {
        io.out(JSON.stringify(backlinks));
        return 0;
      }
      for (const link of backlinks.outgoing) io.out(`→ ${link.id}  ${relationVerbs[link.relation]} ${passageLabel(link.to)}${link.rationale ? `  (${shorten(link.rationale, 60)})` : ''}`);
      for (const link of backlinks.incoming) io.out(`← ${link.id}  ${passageLabel(link.from)} ${relationVerbs[link.relation]} it${link.rationale ? `  (${shorten(link.rationale, 60)})` : ''}`);
      for (const note of backlinks.citedBy) io.out(`cited in note ${noteLine(note)}`);
      if (backlinks.outgoing.length + backlinks.incoming.length + backlinks.citedBy.length === 0) io.out('Nothing links to it, and no note cites it.');
      return 0;
    },
  },
  note: {
    options: { title: { type: 'string' }, 'from-markdown': { type: 'string' }, json: { type: 'boolean' } },
    async run(open, { positionals, values }, io) {
      if (positionals.length !== 1 || positionals[0] !== 'new') {
        io.err('commonplace note: the only subcommand is "new": commonplace note new --title "…" [--from-markdown FILE].');
        return 2;
      }
      const file = values['from-markdown'];
      const markdown = typeof file === 'string' ? readMarkdown(file) : undefined;
      const note = await call(open(), 'createNote', { title: values.title, markdown });
      if (values.json) io.out(JSON.stringify(note));
      else io.out(`Created note ${noteLine(note)}`);
      return 0;
    },
  },
  notes: {
    options: { json: { type: 'boolean' } },
    async run(open, { values }, io) {
      const notes = await call(open(), 'listNotes', {});
      for (const note of notes) io.out(values.json ? JSON.stringify(note) : noteLine(note));
      if (!values.json && notes.length === 0) io.out('No notes yet: commonplace note new --title "…"');
      return 0;
    },
  },
};

function readMarkdown(path: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw new NotebookError('invalid_input', `${path}: no such file.`, 'from-markdown');
  if (statSync(path).size > MAX_NOTE_BYTES) throw new NotebookError('too_large', `${path} is larger than the 5 MB note limit.`, 'from-markdown');
  return readFileSync(path, 'utf8');
}
