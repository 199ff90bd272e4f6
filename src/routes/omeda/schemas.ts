import { Type } from '@sinclair/typebox'

/** `{"Errors":[{"Error":"…"}],"SubmissionId":"…"}`: every failure on the Omeda surface. */
export const VendorErrorSchema = Type.Object({
  Errors: Type.Array(Type.Object({ Error: Type.String() })),
  SubmissionId: Type.String(),
})
