// Reads a JSON array of Kubernetes objects on stdin and validates each custom-resource object with the npm model
// generated from its CRD's schema: monitoring.coreos.com/v1 with @kubernetes-models/prometheus-operator,
// keda.sh/v1alpha1 with @kubernetes-models/keda (types, required fields, enums and patterns; neither rejects
// unknown fields). Prints one JSON line per object: {"index": i, "kind": k, "errors": [...]}; an object of an
// unsupported kind is an error too.
import * as monitoring from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import * as keda from "@kubernetes-models/keda/keda.sh/v1alpha1";

const models = { "monitoring.coreos.com/v1": monitoring, "keda.sh/v1alpha1": keda };
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const objects = JSON.parse(Buffer.concat(chunks).toString("utf8"));

objects.forEach((object, index) => {
  const group = models[object.apiVersion];
  const Model = group ? group[object.kind] : undefined;
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
