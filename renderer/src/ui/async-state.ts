/** What a view shows of one answer: loading (maybe with the previous data), the data, or an error. */
export type AsyncState<T> =
  | { status: 'loading'; data?: T }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: unknown; data?: T };
