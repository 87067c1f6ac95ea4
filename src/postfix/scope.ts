/**
 * The parameters one daemon sees: built-in defaults, then main.cf, then what master(8) passes
 * (service_name from column 1, process_name from column 8), then the service's `-o` overrides
 * (applied with mail_conf_update() after main.cf, src/master/single_server.c). Values are expanded
 * lazily and recursively against this same scope, so `smtpd_tls_key_file = $smtpd_tls_cert_file`
 * follows an `-o smtpd_tls_cert_file=...` override, as in the daemon and `postconf -x -o`.
 */
import { expandValue } from './expand.js';
import type { Setting } from './main-cf.js';

export type ValueSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'main.cf'; readonly file: string; readonly line: number }
  | { readonly kind: 'master.cf'; readonly file: string; readonly line: number }
  | { readonly kind: 'master'; readonly what: string };

export interface ScopeIssue {
  readonly name: string;
  readonly source: ValueSource;
  readonly message: string;
}

export class ParamScope {
  private readonly cache = new Map<string, string>();
  readonly issues: ScopeIssue[] = [];

  constructor(
    private readonly defaults: ReadonlyMap<string, string>,
    private readonly main: ReadonlyMap<string, Setting>,
    private readonly master: ReadonlyMap<string, string>,
    private readonly overrides: ReadonlyMap<string, Setting>,
  ) {}

  /** Builds a scope; later overrides of the same name win, like repeated mail_conf_update(). */
  static of(defaults: ReadonlyMap<string, string>, main: ReadonlyMap<string, Setting>, master: ReadonlyMap<string, string> = new Map(), overrides: readonly Setting[] = []): ParamScope {
    const ov = new Map<string, Setting>();
    for (const o of overrides) ov.set(o.name, o);
    return new ParamScope(defaults, main, master, ov);
  }

  /** The raw (unexpanded) value, or undefined when no layer defines the name. */
  raw(name: string): string | undefined {
    return this.overrides.get(name)?.value ?? this.master.get(name) ?? this.main.get(name)?.value ?? this.defaults.get(name);
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  isKnown(name: string): boolean {
    return this.defaults.has(name);
  }

  source(name: string): ValueSource {
    const o = this.overrides.get(name);
    if (o) return { kind: 'master.cf', file: o.file, line: o.line };
    if (this.master.has(name)) return { kind: 'master', what: name };
    const m = this.main.get(name);
    if (m) return { kind: 'main.cf', file: m.file, line: m.line };
    return { kind: 'default' };
  }

  /** Where the name is set explicitly (main.cf or an override), if anywhere. */
  setting(name: string): Setting | undefined {
    return this.overrides.get(name) ?? this.main.get(name);
  }

  /** The fully expanded value ("" when undefined), as `postconf -x -h NAME` prints it. */
  get(name: string): string {
    const hit = this.cache.get(name);
    if (hit !== undefined) return hit;
    const raw = this.raw(name);
    if (raw === undefined) return '';
    const r = expandValue(raw, (n) => this.raw(n));
    for (const e of r.errors) this.issues.push({ name, source: this.source(name), message: e });
    this.cache.set(name, r.value);
    return r.value;
  }

  /**
   * A boolean as get_mail_conf_bool() reads it: "yes"/"no", case-insensitive. Anything else makes
   * the daemon exit ("bad boolean configuration"); we record an issue and use the default's value.
   */
  bool(name: string): boolean {
    const v = this.get(name).trim();
    if (/^yes$/i.test(v)) return true;
    if (/^no$/i.test(v)) return false;
    this.issues.push({ name, source: this.source(name), message: `bad boolean configuration: ${name} = ${v} (the daemon exits)` });
    return /^yes$/i.test(this.defaults.get(name) ?? 'no');
  }

  /** Every name this scope can answer, known or set. */
  names(): Set<string> {
    return new Set([...this.defaults.keys(), ...this.main.keys(), ...this.master.keys(), ...this.overrides.keys()]);
  }
}
