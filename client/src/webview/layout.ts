// Where the state diagram puts things: the 11 states in the layout of RFC 9293 Figure 5 (CLOSED at
// the top, a second CLOSED bottom right for TIME_WAIT and LAST_ACK), and a hand-routed path and
// label place for each edge of the table. Edges the table gains later, and illegal hops, fall back
// to a gentle arc between the two boxes.

import type { State } from '../../../server/src/tcp/machine';
import { arcPoints, boxExit, type Point, type Rect } from './geometry';

export const WIDTH = 1080;
export const HEIGHT = 1040;
export const BOX_W = 140;
export const BOX_H = 40;

export type NodeKey = State | 'CLOSED_END';

export interface DiagramNode {
  readonly key: NodeKey;
  readonly state: State;
  /** Centre. */
  readonly x: number;
  readonly y: number;
}

const node = (key: NodeKey, x: number, y: number): DiagramNode => ({ key, state: key === 'CLOSED_END' ? 'CLOSED' : key, x, y });

const L = 200;
const C = 540;
const R = 880;

export const NODES: readonly DiagramNode[] = [
  node('CLOSED', C, 60),
  node('LISTEN', C, 200),
  node('SYN_RECEIVED', L, 350),
  node('SYN_SENT', R, 350),
  node('ESTABLISHED', C, 500),
  node('FIN_WAIT_1', L, 640),
  node('CLOSE_WAIT', R, 640),
  node('FIN_WAIT_2', L, 790),
  node('CLOSING', C, 790),
  node('LAST_ACK', R, 790),
  node('TIME_WAIT', C, 930),
  node('CLOSED_END', R, 930),
];

const nodeByKey = new Map(NODES.map((n) => [n.key, n]));

export function nodeOf(key: NodeKey): DiagramNode {
  return nodeByKey.get(key)!;
}

export function nodeBox(n: DiagramNode): Rect {
  return { x: n.x - BOX_W / 2, y: n.y - BOX_H / 2, width: BOX_W, height: BOX_H };
}

export interface LabelPlace {
  /** The label's centre line: `anchor` says which end (or the middle) sits at x. */
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'middle' | 'end';
  /** Degrees; -90 writes the label upwards along a vertical lane. */
  readonly rotate?: number;
}

export interface EdgeRoute {
  readonly points: readonly Point[];
  /** Undefined: the edge has no visible label (its words are on a neighbour's). */
  readonly label?: LabelPlace;
  readonly fromNode: NodeKey;
  readonly toNode: NodeKey;
}

type Spec = readonly [
  points: readonly (readonly [number, number])[],
  label: readonly [number, number, LabelPlace['anchor'], number?] | null,
  toNode?: NodeKey,
];

const MAIN: Readonly<Partial<Record<string, Spec>>> = {
  'CLOSED>LISTEN': [[[500, 80], [500, 180]], [490, 130, 'end']],
  'LISTEN>CLOSED': [[[545, 180], [545, 80]], [557, 130, 'start']],
  'CLOSED>SYN_SENT': [[[610, 52], [930, 52], [930, 330]], [942, 190, 'start']],
  'SYN_SENT>CLOSED': [[[890, 330], [890, 70], [610, 70]], [880, 130, 'end']],
  'LISTEN>SYN_SENT': [[[610, 200], [840, 200], [840, 330]], [725, 178, 'middle']],
  'LISTEN>SYN_RECEIVED': [[[470, 200], [240, 200], [240, 330]], [355, 178, 'middle']],
  'SYN_SENT>SYN_RECEIVED': [[[810, 350], [270, 350]], [540, 326, 'middle']],
  'SYN_RECEIVED>ESTABLISHED': [[[250, 370], [250, 425], [500, 425], [500, 480]], [375, 409, 'middle']],
  'SYN_SENT>ESTABLISHED': [[[830, 370], [830, 425], [580, 425], [580, 480]], [705, 403, 'middle']],
  'SYN_RECEIVED>FIN_WAIT_1': [[[170, 370], [170, 620]], [160, 500, 'end']],
  'ESTABLISHED>FIN_WAIT_1': [[[500, 520], [500, 575], [240, 575], [240, 620]], [370, 553, 'middle']],
  'ESTABLISHED>CLOSE_WAIT': [[[580, 520], [580, 575], [860, 575], [860, 620]], [720, 553, 'middle']],
  'FIN_WAIT_1>FIN_WAIT_2': [[[170, 660], [170, 770]], [180, 715, 'start']],
  'FIN_WAIT_1>CLOSING': [[[270, 640], [510, 640], [510, 770]], [390, 618, 'middle']],
  'FIN_WAIT_1>TIME_WAIT': [[[262, 660], [470, 912]], [352, 750, 'start']],
  'FIN_WAIT_2>TIME_WAIT': [[[170, 810], [170, 935], [470, 935]], [320, 913, 'middle']],
  'CLOSING>TIME_WAIT': [[[540, 810], [540, 910]], [552, 860, 'start']],
  'CLOSE_WAIT>LAST_ACK': [[[880, 660], [880, 770]], [892, 715, 'start']],
  'LAST_ACK>CLOSED': [[[880, 810], [880, 910]], [892, 860, 'start'], 'CLOSED_END'],
  'TIME_WAIT>CLOSED': [[[610, 938], [810, 938]], [710, 918, 'middle'], 'CLOSED_END'],
};

/** Exceptional edges, one route per (from, to) pair: lanes around the outside, apart from the main edges. */
const EXCEPTIONAL: Readonly<Partial<Record<string, Spec>>> = {
  'SYN_RECEIVED>LISTEN': [[[150, 330], [150, 150], [480, 150], [480, 180]], [300, 140, 'middle']],
  'LISTEN>CLOSED': [[[600, 180], [600, 80]], [606, 130, 'start']],
  'SYN_RECEIVED>CLOSED': [[[130, 362], [40, 362], [40, 20], [485, 20], [485, 40]], [34, 190, 'middle', -90]],
  'SYN_SENT>CLOSED': [[[950, 362], [1010, 362], [1010, 28], [595, 28], [595, 40]], [1022, 200, 'middle', -90]],
  'ESTABLISHED>CLOSED': [[[610, 492], [1034, 492], [1034, 14], [575, 14], [575, 40]], [1046, 300, 'middle', -90]],
  'FIN_WAIT_1>CLOSED': [[[130, 640], [40, 640], [40, 1015], [910, 1015], [910, 950]], [34, 830, 'middle', -90], 'CLOSED_END'],
  'FIN_WAIT_2>CLOSED': [[[130, 790], [56, 790], [56, 1000], [880, 1000], [880, 950]], [300, 992, 'middle'], 'CLOSED_END'],
  'TIME_WAIT>CLOSED': [[[600, 950], [600, 985], [840, 985], [840, 950]], [720, 977, 'middle'], 'CLOSED_END'],
  'CLOSING>CLOSED': [[[610, 800], [700, 800], [700, 875], [830, 875], [830, 910]], [706, 838, 'start'], 'CLOSED_END'],
  'CLOSE_WAIT>CLOSED': [[[950, 640], [1030, 640], [1030, 944], [950, 944]], [1042, 790, 'middle', -90], 'CLOSED_END'],
  'LAST_ACK>CLOSED': [[[950, 800], [1000, 800], [1000, 922], [950, 922]], [1012, 862, 'middle', -90], 'CLOSED_END'],
  'ESTABLISHED>TIME_WAIT': [[[610, 508], [650, 508], [650, 890], [590, 890], [590, 910]], [662, 700, 'middle', -90]],
  'CLOSE_WAIT>TIME_WAIT': [[[810, 652], [670, 652], [670, 920], [610, 920]], [682, 770, 'middle', -90]],
  'LAST_ACK>TIME_WAIT': [[[810, 782], [760, 782], [760, 860], [600, 860], [600, 910]], [790, 768, 'middle']],
  // The note 3 edges into TIME_WAIT from below and beside it are unlabelled: the lanes that
  // reach it from the right carry the words (each edge still has its name and tooltip).
  'CLOSING>TIME_WAIT': [[[505, 810], [505, 910]], null],
  'FIN_WAIT_2>TIME_WAIT': [[[130, 800], [88, 800], [88, 958], [490, 958], [490, 950]], null],
  'FIN_WAIT_1>TIME_WAIT': [[[130, 652], [72, 652], [72, 968], [505, 968], [505, 950]], null],
  'TIME_WAIT>TIME_WAIT': [[[555, 950], [555, 970], [580, 970], [580, 950]], null],
};

function fromSpec(spec: Spec, from: State, to: State): EdgeRoute {
  const [points, place] = spec;
  let label: LabelPlace | undefined;
  if (place) {
    const [x, y, anchor, rotate] = place;
    label = rotate === undefined ? { x, y, anchor } : { x, y, anchor, rotate };
  }
  return {
    points: points.map(([px, py]) => ({ x: px, y: py })),
    label,
    fromNode: from,
    toNode: spec[2] ?? to,
  };
}

/** The route of a table edge (or of an exceptional pair); undefined when the layout has none. */
export function tableRoute(from: State, to: State, kind: 'main' | 'exceptional'): EdgeRoute | undefined {
  const spec = (kind === 'main' ? MAIN : EXCEPTIONAL)[`${from}>${to}`];
  return spec ? fromSpec(spec, from, to) : undefined;
}

/** The CLOSED node a hop into CLOSED lands on when the layout has no route: the nearer one. */
function nearestNode(state: State, near: DiagramNode): NodeKey {
  if (state !== 'CLOSED') return state;
  const top = nodeOf('CLOSED');
  const end = nodeOf('CLOSED_END');
  return Math.hypot(near.x - top.x, near.y - top.y) <= Math.hypot(near.x - end.x, near.y - end.y) ? 'CLOSED' : 'CLOSED_END';
}

/**
 * A route for a hop the table has no drawing for (an illegal hop, or an edge added to the table
 * later): an arc between the boxes, bowed to one side so that A→B and B→A stay apart; a loop for A→A.
 * `fromNode` picks which CLOSED the hop leaves from (the one the path arrived at).
 */
export function freeRoute(from: State, to: State, bow = 40, fromNode?: NodeKey): EdgeRoute {
  const a = nodeOf(fromNode && nodeOf(fromNode).state === from ? fromNode : from);
  const b = nodeOf(nearestNode(to, a));
  if (a.key === b.key) {
    const box = nodeBox(a);
    const x0 = box.x + box.width - 30;
    const y0 = box.y;
    return {
      points: [{ x: x0, y: y0 }, { x: x0, y: y0 - 22 }, { x: x0 + 46, y: y0 - 22 }, { x: x0 + 46, y: y0 + 12 }, { x: box.x + box.width, y: y0 + 12 }],
      label: { x: x0 + 52, y: y0 - 16, anchor: 'start' },
      fromNode: a.key,
      toNode: a.key,
    };
  }
  const start = boxExit(nodeBox(a), b);
  const end = boxExit(nodeBox(b), a);
  const points = arcPoints(start, end, bow);
  const mid = points[Math.floor(points.length / 2)];
  return { points, label: { x: mid.x, y: mid.y - 12, anchor: 'middle' }, fromNode: a.key, toNode: b.key };
}
