/**
 * The shape of the one API contract: domains of methods, each with a zod input and output.
 * Types for callers (`ApiClient`) and implementers (`DomainHandlers`) are derived from the same
 * objects, so a method added to the contract fails to compile until every transport and the
 * service registry know it.
 */
import type { z } from 'zod';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export type DomainSpec = Readonly<Record<string, MethodSpec>>;

export function defineDomain<const D extends DomainSpec>(domain: D): D {
  return domain;
}

/** What the renderer calls: `api.operations.create(draft)`. */
export type DomainClient<D extends DomainSpec> = {
  readonly [M in keyof D]: (input: z.input<D[M]['input']>) => Promise<z.output<D[M]['output']>>;
};

/** What a service implements for one method: parsed input in, plain output out. */
export type MethodHandler<Ctx, S extends MethodSpec> = (
  ctx: Ctx,
  input: z.output<S['input']>,
) => z.input<S['output']> | Promise<z.input<S['output']>>;

export type DomainHandlers<Ctx, D extends DomainSpec> = {
  readonly [M in keyof D]: MethodHandler<Ctx, D[M]>;
};
