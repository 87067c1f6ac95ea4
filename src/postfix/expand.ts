/**
 * Postfix parameter expansion, ported from src/util/mac_parse.c and mac_expand.c (3.x) with the
 * compatibility-level operators of src/global/compat_level.c:
 *   $name ${name} $(name)         value of name, expanded recursively; undefined -> empty
 *   ${name?text} ${name:text}     text when name is non-empty / when name is empty or undefined
 *   ${name?{a}:{b}}               ternary (3.0)
 *   ${{a} == {b}?{x}:{y}}         == != < <= > >= (numeric when both sides are all digits)
 *   ${{a} <level {3.6}?...}       compatibility-level comparisons (3.6)
 *   $$                            a single $
 * Errors never throw: they come back as messages, like Postfix's warnings, and expansion stops
 * where Postfix stops. Recursion is capped like mac_expand's "unreasonable macro call nesting".
 */

/** Looks a parameter up: its raw (unexpanded) value, or undefined when it has none. */
export type Lookup = (name: string) => string | undefined;

export interface ExpandResult {
  readonly value: string;
  /** Syntax errors and loops; Postfix daemons treat these as fatal ("macro processing error"). */
  readonly errors: readonly string[];
  /** Names that were referenced with $name but have no value at all. */
  readonly undefinedNames: readonly string[];
}

/** mac_expand_callback: `if (mc->level++ > 100)` -> "unreasonable macro call nesting". */
export const MAX_NESTING = 100;
/** Our own bound on work and output, so hostile configs cannot blow up memory or time. */
export const MAX_EXPANDED_LENGTH = 1 << 20;
const MAX_STEPS = 200_000;

const WHITESPACE = ' \t\r\n\v\f';
const isWs = (c: string | undefined) => c !== undefined && c !== '' && WHITESPACE.includes(c);
const isNameChar = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
const OP_CHARS = '<>!=?+-*/~&|%';
const OPS = ['==', '!=', '<', '<=', '>=', '>'] as const;
type Op = (typeof OPS)[number];

class ExpandError extends Error {}

interface Ctx {
  lookup: Lookup;
  out: string[];
  outLength: number;
  level: number;
  steps: number;
  errors: string[];
  undef: Set<string>;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s[i])) i++;
  return i;
}

function fail(ctx: Ctx, msg: string): never {
  ctx.errors.push(msg);
  throw new ExpandError(msg);
}

/** mac_parse(): split into literal text and macro references, calling back for each. */
function macParse(ctx: Ctx, value: string): void {
  let lit = '';
  let i = 0;
  const flushLiteral = () => {
    if (lit.length > 0) {
      emit(ctx, lit);
      lit = '';
    }
  };
  while (i < value.length) {
    const c = value[i];
    if (c !== '$') {
      lit += c;
      i++;
    } else if (value[i + 1] === '$') {
      lit += '$';
      i += 2;
    } else {
      flushLiteral();
      i++;
      let name: string;
      const open = value[i];
      if (open === '{' || open === '(') {
        const close = open === '{' ? '}' : ')';
        let level = 1;
        let j = i + 1;
        for (; level > 0; j++) {
          if (j >= value.length) fail(ctx, `truncated macro reference: "${value}"`);
          if (value[j] === open) level++;
          if (value[j] === close) level--;
        }
        name = value.slice(i + 1, j - 1);
        i = j;
      } else {
        let j = i;
        while (j < value.length && isNameChar(value[j])) j++;
        name = value.slice(i, j);
        i = j;
      }
      if (name.length === 0) fail(ctx, `empty macro name: "${value}"`);
      expandExpr(ctx, name);
    }
  }
  flushLiteral();
}

function emit(ctx: Ctx, text: string): void {
  ctx.outLength += text.length;
  if (ctx.outLength > MAX_EXPANDED_LENGTH) fail(ctx, `expansion longer than ${MAX_EXPANDED_LENGTH} characters`);
  ctx.out.push(text);
}

/** mac_exp_extract_curly_payload(): s[i] is '{'; returns the payload and the index after trailing blanks. */
function curlyPayload(ctx: Ctx, s: string, i: number): [string, number] {
  let level = 1;
  let j = i + 1;
  for (; ; j++) {
    if (j >= s.length) fail(ctx, `unbalanced {} in attribute expression: "${s.slice(i)}"`);
    if (s[j] === '{') level++;
    else if (s[j] === '}' && --level <= 0) break;
  }
  return [s.slice(i + 1, j), skipWs(s, j + 1)];
}

/** Expands a nested operand with a fresh context (mac_expand() called from mac_exp_parse_relational). */
function expandOperand(ctx: Ctx, text: string): string {
  const sub: Ctx = { ...ctx, out: [], outLength: 0, level: ctx.level };
  macParse(sub, text);
  ctx.steps = sub.steps;
  return sub.out.join('');
}

const allDigits = (s: string) => /^[0-9]+$/.test(s);

/** compat_level_from_string(): major[.minor[.patch]] -> comparable number, or undefined. */
export function compatLevelValue(s: string): number | undefined {
  const m = /^(\d+)(?:\.(\d+)(?:\.(\d+))?)?$/.exec(s);
  if (!m) return undefined;
  const minor = Number(m[2] ?? 0);
  const patch = Number(m[3] ?? 0);
  if (minor > 0x3ff || patch > 0x3ff) return undefined;
  return Number(m[1]) * 2 ** 20 + minor * 2 ** 10 + patch;
}

function compare(op: Op, delta: number): boolean {
  switch (op) {
    case '==': return delta === 0;
    case '!=': return delta !== 0;
    case '<': return delta < 0;
    case '<=': return delta <= 0;
    case '>=': return delta >= 0;
    case '>': return delta > 0;
  }
}

/** mac_exp_parse_relational(): `{left} OP[suffix] {right}` at s[i] == '{'. Returns truth and next index. */
function relational(ctx: Ctx, s: string, i: number): [boolean, number] {
  const [left, afterLeft] = curlyPayload(ctx, s, i);
  let j = afterLeft;
  let opLen = 0;
  while (j + opLen < s.length && OP_CHARS.includes(s[j + opLen] ?? '')) opLen++;
  const opText = s.slice(j, j + opLen);
  if (!(OPS as readonly string[]).includes(opText)) {
    fail(ctx, `"==" or "!=" or "<" or "<=" or ">=" or ">" expected at: "...${left}}>>>${s.slice(j, j + 20)}"`);
  }
  const op = opText as Op;
  j += opLen;
  let suffix = '';
  while (j < s.length && /^[A-Za-z0-9]$/.test(s[j] ?? '')) suffix += s[j++];
  if (suffix !== '' && suffix !== 'level') fail(ctx, `bad operator suffix at: "...${opText}>>>${suffix}"`);
  const k = skipWs(s, j);
  if (s[k] !== '{') fail(ctx, `"{expression}" expected at: "...{${left}} ${opText}>>>${s.slice(j, j + 20)}"`);
  const [right, next] = curlyPayload(ctx, s, k);
  const l = expandOperand(ctx, left);
  const r = expandOperand(ctx, right);
  let delta: number;
  if (suffix === 'level') {
    const lv = compatLevelValue(l);
    const rv = compatLevelValue(r);
    if (lv === undefined) fail(ctx, `malformed compatibility level syntax: "${l}"`);
    if (rv === undefined) fail(ctx, `malformed compatibility level syntax: "${r}"`);
    delta = lv - rv;
  } else if (allDigits(l) && allDigits(r)) {
    delta = Number(l) - Number(r);
  } else {
    delta = l < r ? -1 : l > r ? 1 : 0;
  }
  return [compare(op, delta), next];
}

/** mac_expand_callback() for a MAC_PARSE_EXPR: the text between ${ and }, or after a bare $. */
function expandExpr(ctx: Ctx, expr: string): void {
  if (ctx.level++ > MAX_NESTING) fail(ctx, `unreasonable macro call nesting: "${expr.slice(0, 60)}"`);
  if (++ctx.steps > MAX_STEPS) fail(ctx, 'expansion takes too many steps');
  let lookup: string | undefined;
  let ch: string | undefined;
  let cp: number;
  const lead = skipWs(expr, 0);
  if (expr[lead] === '{') {
    const [truth, next] = relational(ctx, expr, lead);
    lookup = truth ? 'true' : '';
    cp = next;
    if (cp < expr.length) {
      ch = expr[cp];
      if (ch !== '?' && ch !== ':') fail(ctx, `"?" or ":" expected at: "...}>>>${expr.slice(cp, cp + 20)}"`);
      cp++;
    }
  } else {
    const start = lead;
    cp = start;
    for (; ; cp++) {
      const k = skipWs(expr, cp);
      if (k >= expr.length) {
        ch = undefined;
        break;
      }
      if (expr[k] === '?' || expr[k] === ':') {
        ch = expr[k];
        break;
      }
      if (!isNameChar(expr[cp])) fail(ctx, `attribute name syntax error at: "...${expr.slice(0, cp)}>>>${expr.slice(cp, cp + 20)}"`);
    }
    const name = expr.slice(start, cp);
    if (ch !== undefined) cp = skipWs(expr, cp) + 1;
    lookup = ctx.lookup(name);
    if (lookup === undefined && ch === undefined) ctx.undef.add(name);
  }
  const isSet = lookup !== undefined && lookup !== '';
  if (ch === '?') {
    let ifTrue: string;
    const k = skipWs(expr, cp);
    if (expr[k] === '{') {
      [ifTrue, cp] = curlyPayload(ctx, expr, k);
    } else {
      ifTrue = expr.slice(cp);
      cp = expr.length;
    }
    if (isSet) macParse(ctx, ifTrue);
    if (cp < expr.length) {
      if (expr[cp] !== ':') fail(ctx, `":" expected at: "...${ifTrue}}>>>${expr.slice(cp, cp + 20)}"`);
      cp++;
      ch = ':';
    } else {
      ch = undefined;
    }
    if (ch === ':') elseBranch(ctx, expr, cp, isSet);
  } else if (ch === ':') {
    elseBranch(ctx, expr, cp, isSet);
  } else if (isSet) {
    macParse(ctx, lookup ?? '');
  }
  ctx.level--;
}

function elseBranch(ctx: Ctx, expr: string, cp: number, isSet: boolean): void {
  let ifFalse: string;
  const k = skipWs(expr, cp);
  if (expr[k] === '{') {
    [ifFalse, cp] = curlyPayload(ctx, expr, k);
  } else {
    ifFalse = expr.slice(cp);
    cp = expr.length;
  }
  if (!isSet) macParse(ctx, ifFalse);
  if (cp < expr.length) fail(ctx, `unexpected input at: "...${ifFalse}}>>>${expr.slice(cp, cp + 20)}"`);
}

/** Expands a raw parameter value the way `postconf -x` and the daemons (mail_conf_eval) do. */
export function expandValue(value: string, lookup: Lookup): ExpandResult {
  const ctx: Ctx = { lookup, out: [], outLength: 0, level: 0, steps: 0, errors: [], undef: new Set() };
  try {
    macParse(ctx, value);
  } catch (err) {
    if (!(err instanceof ExpandError)) throw err;
  }
  return { value: ctx.out.join(''), errors: ctx.errors, undefinedNames: [...ctx.undef] };
}
