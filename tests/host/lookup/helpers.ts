/** What the lookup tests share: the SDK's mocks, and an Output's value or error. */
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";

export const mocks: pulumi.runtime.Mocks = { newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) };

/** Whether an Output is known, and its value when it is. */
export const settle = <T>(o: pulumi.Output<T>) =>
  new Promise<{ known: boolean; value: T }>((resolve) => {
    (o as any).isKnown.then((known: boolean) =>
      known ? o.apply((value) => resolve({ known, value })) : resolve({ known, value: undefined as T }),
    );
  });

/** The error an Output's promise rejects with. */
export async function rejectionOf(o: pulumi.Output<unknown>): Promise<Error> {
  try {
    await (o as any).promise();
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected the listing to fail");
}
