// Reads a JSON list of diagram texts on standard input; writes, for each, what the real
// Mermaid parser makes of it: {"ok": true, "type", "title", "sections", "tasks", "actors"}
// or {"ok": false, "error"}. Used by tests/test_convert_mermaid.py; see scripts/ensure-mermaid.sh.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

const texts = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const text of texts) {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const result = { ok: true, type: diagram.type };
    if (diagram.type === 'journey') {
      result.title = db.getDiagramTitle();
      result.sections = [...db.getSections()];
      result.tasks = db.getTasks().map((t) => ({ section: t.section, task: t.task, score: t.score, people: t.people }));
      result.actors = db.getActors();
    }
    results.push(result);
  } catch (error) {
    results.push({ ok: false, error: String((error && error.message) || error) });
  }
}
process.stdout.write(JSON.stringify(results));
