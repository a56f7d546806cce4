import { Liquid, type Template } from 'liquidjs';

/** The template context: `shop`, `user`, `slots`, `vars`, `entities`, `message`, `intent`, `event`. */
export type TemplateContext = Record<string, unknown>;

const liquid = new Liquid({ strictFilters: true, strictVariables: false, cache: false, ownPropertyOnly: true });
const parsed = new Map<string, Template[]>();

/** Parses a template once (cached). Throws a liquidjs error on bad syntax or an unknown filter. */
export function parseTemplate(source: string): Template[] {
  let tpl = parsed.get(source);
  if (!tpl) {
    tpl = liquid.parse(source);
    if (parsed.size > 5000) parsed.clear();
    parsed.set(source, tpl);
  }
  return tpl;
}

/**
 * Renders a liquid template; unknown variables render as empty strings.
 *
 * @example
 * renderTemplate('{{ shop.name }}欢迎您', { shop: { name: '小铺' } }); // '小铺欢迎您'
 */
export function renderTemplate(source: string, ctx: TemplateContext): string {
  if (!source.includes('{')) return source;
  return String(liquid.renderSync(parseTemplate(source), ctx));
}

/** True if the text contains liquid markup. */
export function isTemplate(source: string): boolean {
  return source.includes('{{') || source.includes('{%');
}

/**
 * The variable paths a template reads from its context (loop variables and assigns excluded),
 * e.g. `[['shop','name'], ['slots','size']]`.
 */
export function templateVariables(source: string): string[][] {
  if (!isTemplate(source)) return [];
  return liquid.globalVariableSegmentsSync(parseTemplate(source)).map((segs) => segs.map((s) => String(s)));
}
