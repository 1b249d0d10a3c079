#!/usr/bin/env sh
# Deploys ${{ values.name }} to an environment: the pipeline's only deploy command.
#   sh scripts/deploy.sh <staging|production> <image tag>
{%- if values.deploy == 'argocd' %}
# GitOps: commits the image tag to the environment's {% if values.packaging == 'helm' %}values file
# (chart/values-<env>.yaml){% else %}overlay (k8s/overlays/<env>){% endif %} on the default branch and waits until
# the Argo CD Application ${{ values.name }}-<env> (argocd/applications.yaml) has synced that
# commit and is healthy{% if values.release == 'canary' %} (a canary is healthy once fully promoted; an aborted
# one is degraded){% endif %}. Needs git push rights (GITOPS_PUSH_URL, default
# origin) and kubectl on the cluster that runs Argo CD (namespace ARGOCD_NAMESPACE,
# default argocd).
{%- elif values.packaging == 'helm' %}
# Helm: upgrade --install of chart/ with chart/values-<env>.yaml and the image
# tag, rolled back by Helm itself when it fails (--atomic){% if values.release == 'canary' %}, then waits for the
# canary (Argo Rollouts): its analysis promotes or aborts it{% endif %}.
{%- else %}
# kustomize: sets the image of k8s/overlays/<env>, applies it server-side and
# waits for the {% if values.release == 'canary' %}canary (Argo Rollouts): its analysis promotes or aborts it{% else %}rollout{% endif %}.
{%- endif %}
set -eu
usage="usage: sh scripts/deploy.sh <staging|production> <image tag>"
env_name="${1:?$usage}"
tag="${2:?$usage}"
case "$env_name" in
  staging | production) ;;
  *)
    echo "deploy: the environment must be staging or production, not '$env_name'" >&2
    exit 2
    ;;
esac
case "$tag" in
  *[!A-Za-z0-9._-]* | '')
    echo "deploy: the image tag '$tag' has characters an image tag cannot hold" >&2
    exit 2
    ;;
esac
service=${{ values.name }}
{%- if values.deploy != 'argocd' %}
image="${ECR_REGISTRY:-${{ values.awsAccountId }}.dkr.ecr.${{ values.region }}.amazonaws.com}/$service"
{%- endif %}
{%- if values.deploy == 'argocd' %}
command -v git >/dev/null || {
  echo "deploy: GitOps deploys commit with git, which is not on PATH" >&2
  exit 1
}
branch="${GITOPS_BRANCH:-main}"
remote="${GITOPS_PUSH_URL:-origin}"
argocd_ns="${ARGOCD_NAMESPACE:-argocd}"
app="$service-$env_name"
{%- if values.packaging == 'helm' %}
# the tag under image: in the environment's values file
tag_file="chart/values-$env_name.yaml" tag_key='  tag' tag_line='image: tag:'
{%- else %}
# the newTag of the overlay's one image
tag_file="k8s/overlays/$env_name/kustomization.yaml" tag_key='    newTag' tag_line='images: newTag:'
{%- endif %}

# The commit: the default branch as it is now, plus the new tag; a push that
# lost a race with another pipeline is retried on the new head.
git config user.email >/dev/null || git config user.email "ci@${{ values.name }}.invalid"
git config user.name >/dev/null || git config user.name "${{ values.name }} pipeline"
attempt=1
while :; do
  git fetch --quiet "$remote" "$branch"
  git checkout --quiet -B "gitops-$env_name" FETCH_HEAD
  # the one line that holds the tag (a YAML rewrite would reformat the whole
  # file): the commit changes that line only
  sed -i.bak -E "s|^($tag_key: ).*$|\1\"$tag\"|" "$tag_file" && rm -f "$tag_file.bak"
  grep -q "^$tag_key: \"$tag\"$" "$tag_file" || {
    echo "deploy: $tag_file has no '$tag_line' line to set" >&2
    exit 1
  }
  git add "$tag_file"
  if git diff --cached --quiet; then
    echo "deploy: $env_name already runs $tag"
  else
    git commit --quiet -m "deploy $service $tag to $env_name [skip ci]"
  fi
  if git push --quiet "$remote" "HEAD:$branch"; then break; fi
  if [ "$attempt" -ge 3 ]; then
    echo "deploy: could not push to $branch after $attempt attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
done
revision="$(git rev-parse HEAD)"
echo "deploy: $env_name is $revision; waiting for Argo CD ($argocd_ns/$app)"

# Synced to that commit and Healthy; Degraded at that commit fails at once
# (an earlier commit's state, before Argo CD has seen this one, is waited out).
deadline=$(($(date +%s) + ${DEPLOY_TIMEOUT_SECONDS:-1800}))
while :; do
  state="$(kubectl -n "$argocd_ns" get application "$app" \
    -o jsonpath='{.status.sync.revision} {.status.sync.status} {.status.health.status}')"
  echo "deploy: $app: $state"
  case "$state" in
    "$revision Synced Healthy") break ;;
    "$revision Synced Degraded")
      echo "deploy: $app is degraded on $revision" >&2
      exit 1
      ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "deploy: $app did not become synced and healthy in time" >&2
    exit 1
  fi
  sleep 10
done
{%- else %}
{%- if values.packaging == 'helm' %}

# The namespace with its Pod Security labels (the chart holds no Namespace).
kubectl apply --server-side --field-manager="$service-deploy" -f - <<NAMESPACE
apiVersion: v1
kind: Namespace
metadata:
  name: $env_name
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
    pod-security.kubernetes.io/audit: restricted
    pod-security.kubernetes.io/warn: restricted
NAMESPACE
# Rolled back by Helm when it fails: --atomic in Helm 3, --rollback-on-failure
# in Helm 4 (where --atomic is deprecated){% if values.release == 'canary' %}; Helm 4's default wait cannot read a
# Rollout's status, its legacy wait leaves the Rollout to the loop below{% endif %}.
case "$(helm version --template '{% raw %}{{.Version}}{% endraw %}')" in
  v3.*) set -- --atomic --wait ;;
  *) set -- --rollback-on-failure --wait${{ '=legacy' if values.release == 'canary' }} ;;
esac
helm upgrade --install "$service" chart \
  --namespace "$env_name" \
  --values "chart/values-$env_name.yaml" \
  --set-string "image.repository=$image,image.tag=$tag" \
  "$@" --timeout 10m
{%- else %}

cd "k8s/overlays/$env_name"
kustomize edit set image "$service=$image:$tag"
# --force-conflicts: the pipeline owns what it applies, also the fields
# `kubectl rollout undo` took over
kustomize build . | kubectl apply --server-side --force-conflicts --field-manager="$service-deploy" -f -
cd - >/dev/null
{%- endif %}
{%- if values.release == 'canary' %}

# The canary: promoted step by step while the AnalysisTemplate $service-slo
# judges the SLOs; an analysis that fails aborts it (Degraded) and the stable
# version takes all pods again. Healthy with the new pods stable is done.
# Only a status written for this spec counts (observedGeneration equal to
# the generation): the previous version's Healthy or Degraded is waited out.
deadline=$(($(date +%s) + ${DEPLOY_TIMEOUT_SECONDS:-1800}))
while :; do
  state="$(kubectl -n "$env_name" get rollout "$service" \
    -o jsonpath='{.metadata.generation} {.status.observedGeneration}|{.status.phase} {.status.currentPodHash} {.status.stableRS} {.status.message}')"
  generations="${state%%|*}"
  state="${state#*|}"
  echo "deploy: rollout $service: $state"
  read -r phase pod_hash stable_rs _message <<STATE
$state
STATE
  if [ "${generations% *}" = "${generations#* }" ]; then
    if [ "$phase" = Healthy ] && [ -n "$pod_hash" ] && [ "$pod_hash" = "$stable_rs" ]; then break; fi
    if [ "$phase" = Degraded ]; then
      echo "deploy: the canary of $tag was aborted; $env_name runs the stable version" >&2
      exit 1
    fi
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "deploy: the canary of $tag did not finish in time" >&2
    exit 1
  fi
  sleep 10
done
{%- elif values.packaging != 'helm' %}
kubectl -n "$env_name" rollout status "deployment/$service" --timeout=10m
{%- endif %}
{%- endif %}
echo "deploy: $service $tag is live in $env_name"
