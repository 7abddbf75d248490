// The playground beside the drawing: what may be appended to the block now (the model's
// `playground`, from the same source as completion) — each peer's legal events for a
// conversation, the edges out of the last state for a scenario. A click asks the extension to
// append that line to the document (an ordinary edit), and the drawing grows.

import type { BlockDiagram, PlayChoice } from '../../../server/src/protocol/diagram';
import { html } from './dom';

export interface PlaygroundHost {
  /** The user chose `line` (one of the block's choices). */
  choose(line: string): void;
  /** The panel was folded or unfolded. */
  toggled(open: boolean): void;
}

export class PlaygroundPanel {
  readonly element: HTMLDetailsElement;
  private readonly body: HTMLElement;

  constructor(parent: HTMLElement, open: boolean, private readonly host: PlaygroundHost) {
    this.element = html('details', { class: 'playground', id: 'playground' }, parent);
    this.element.open = open;
    html('summary', { title: 'What may come next: a click adds the line to the block' }, this.element, 'Next');
    this.body = html('div', { class: 'playground-body' }, this.element);
    this.element.addEventListener('toggle', () => host.toggled(this.element.open));
  }

  /** Shows what `block` may do next; `editable` false while the drawing is stale (the text has syntax errors). */
  show(block: BlockDiagram | undefined, editable: boolean): void {
    this.body.replaceChildren();
    const playground = block?.playground;
    this.element.hidden = !block;
    if (!block) return;
    if (!playground || !editable) {
      html('p', { class: 'playground-note' }, this.body, 'Fix the syntax errors of the block to add lines here.');
      return;
    }
    html('p', { class: 'playground-note' }, this.body, 'A click adds the line at the end of the block (Ctrl+Z in the editor takes it back).');
    if (block.kind === 'conversation') {
      const states = block.events.length > 0 ? block.events[block.events.length - 1].after : block.start;
      for (const peer of [0, 1] as const) {
        this.section(`${block.peers[peer]}`, states[peer], `peer-${peer}`, playground.choices.filter((c) => c.peer === peer));
      }
    } else {
      const last = [...block.steps].reverse().find((s) => s.to !== undefined)?.to ?? 'CLOSED';
      const choices = playground.choices;
      this.section('From', last, 'peer-0', choices.filter((c) => !c.exceptional));
      const exceptional = choices.filter((c) => c.exceptional);
      if (exceptional.length > 0) this.section('Exceptional', undefined, 'exceptional', exceptional);
    }
  }

  private section(title: string, state: string | undefined, cls: string, choices: readonly PlayChoice[]): void {
    const section = html('section', { class: `choices ${cls}` }, this.body);
    const heading = html('h3', undefined, section, title);
    if (state) html('span', { class: 'choice-state' }, heading, state);
    if (choices.length === 0) {
      html('p', { class: 'playground-note' }, section, 'Nothing it may do now.');
      return;
    }
    const list = html('ul', undefined, section);
    for (const choice of choices) {
      const item = html('li', undefined, list);
      const button = html('button', {
        type: 'button', class: 'choice', 'data-line': choice.line, title: `${choice.line}\n${choice.detail}`, 'aria-label': `Add ${choice.line}: ${choice.detail}`,
      }, item, choice.label);
      html('span', { class: 'choice-detail' }, item, choice.detail);
      button.addEventListener('click', () => this.host.choose(choice.line));
    }
  }
}
