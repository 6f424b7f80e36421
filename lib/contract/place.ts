/**
 * Places name where something is in a service, in the form people write in allow files and
 * read in reports: `<service>.<kind>.<name>...`. They use names, never array indexes, so they
 * survive reordering. Lint findings and breaking changes are both reported at places.
 *
 *   users                                         the service
 *   users.annotations.personal_data               an annotation
 *   users.models.user / users.models.user.fields.email
 *   users.enums.user_status / users.enums.user_status.values.active
 *   users.resources.user                          a resource
 *   users.resources.user.events.deleted           an event it publishes
 *   users.resources.user.indexes.email            an index (fields joined with +)
 *   users.operations.GET /users/:id               an operation (method and full path)
 *   users.operations.GET /users.parameters.limit  a parameter
 *   users.operations.POST /users.body             a request body
 *   users.operations.POST /users.responses.201    a response
 *   orders.subscriptions.users.user               a subscription (service.resource)
 */
export const place = {
  service: (service: string) => service,
  annotation: (service: string, name: string) => `${service}.annotations.${name}`,
  model: (service: string, model: string) => `${service}.models.${model}`,
  field: (service: string, model: string, field: string) => `${service}.models.${model}.fields.${field}`,
  enum: (service: string, name: string) => `${service}.enums.${name}`,
  enumValue: (service: string, name: string, value: string) => `${service}.enums.${name}.values.${value}`,
  resource: (service: string, resource: string) => `${service}.resources.${resource}`,
  event: (service: string, resource: string, event: string) =>
    `${service}.resources.${resource}.events.${event}`,
  index: (service: string, resource: string, fields: readonly string[]) =>
    `${service}.resources.${resource}.indexes.${fields.join('+')}`,
  operation: (service: string, operationKey: string) => `${service}.operations.${operationKey}`,
  parameter: (service: string, operationKey: string, parameter: string) =>
    `${service}.operations.${operationKey}.parameters.${parameter}`,
  body: (service: string, operationKey: string) => `${service}.operations.${operationKey}.body`,
  response: (service: string, operationKey: string, status: string) =>
    `${service}.operations.${operationKey}.responses.${status}`,
  subscription: (service: string, publisher: string, resource: string) =>
    `${service}.subscriptions.${publisher}.${resource}`,
} as const;
