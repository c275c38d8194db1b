// Reads a JSON array of Kubernetes objects on stdin and validates each monitoring.coreos.com/v1 object with
// @kubernetes-models/prometheus-operator (generated from the operator's CRD schemas: types, required fields,
// enums and patterns; it does not reject unknown fields). Prints one JSON line per object:
// {"index": i, "kind": k, "errors": [...]}; an object of an unsupported kind is an error too.
import * as v1 from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString("utf8"));

objects.forEach((object, index) => {
  const Model = object.apiVersion === "monitoring.coreos.com/v1" ? v1[object.kind] : undefined;
  const result = { index, kind: object.kind, errors: [] };
  if (!Model) {
    result.errors.push(`no schema for ${object.apiVersion} ${object.kind}`);
  } else {
    try {
      new Model(object).validate();
    } catch (e) {
      result.errors.push(String(e.message));
    }
  }
  console.log(JSON.stringify(result));
});
