import { KefuError } from './errors';

/** Continue with the rest of the pipeline. */
export type Next = () => Promise<void>;

/** A middleware function (grammY style): do work, `await next()` to continue, or return to stop. */
export type MiddlewareFn<C> = (ctx: C, next: Next) => Promise<void>;

/** A middleware: a function, or an object that provides one. */
export type Middleware<C> = MiddlewareFn<C> | { middleware(): MiddlewareFn<C> };

/**
 * Compose middleware into one function. Calling `next` twice from one middleware is an error.
 *
 * @example
 * const run = compose<Ctx>([dedupe, identify, recognize, engine, send]);
 * await run(ctx);
 */
export function compose<C>(middleware: readonly Middleware<C>[]): (ctx: C) => Promise<void> {
  const fns = middleware.map((m) => (typeof m === 'function' ? m : m.middleware()));
  return async (ctx: C) => {
    const dispatch = async (index: number): Promise<void> => {
      const fn = fns[index];
      if (!fn) return;
      let called = false;
      await fn(ctx, async () => {
        if (called) {
          throw new KefuError(
            'NEXT_TWICE',
            `Middleware #${index} called next() twice.`,
            'call next() at most once per middleware invocation.',
          );
        }
        called = true;
        await dispatch(index + 1);
      });
    };
    await dispatch(0);
  };
}
