#!/usr/bin/env sh
# Rolls ${{ values.name }} back in an environment after a failed check (smoke test,
# SLO gate): the pipeline's only rollback command.
#   sh scripts/rollback.sh <staging|production>
{%- if values.deploy == 'argocd' %}
# GitOps: reverts the last deploy commit of the environment on the default
# branch; Argo CD syncs the previous tag.
{%- elif values.release == 'canary' %}
# Canary: aborts the rollout (the stable version takes all pods again) or, when
# it was already promoted, deploys the previous version again.
{%- elif values.packaging == 'helm' %}
# Helm: back to the previous release revision.
{%- else %}
# kustomize: back to the Deployment's previous revision.
{%- endif %}
set -eu
env_name="${1:?usage: sh scripts/rollback.sh <staging|production>}"
case "$env_name" in
  staging | production) ;;
  *)
    echo "rollback: the environment must be staging or production, not '$env_name'" >&2
    exit 2
    ;;
esac
service=${{ values.name }}
{%- if values.deploy == 'argocd' %}
branch="${GITOPS_BRANCH:-main}"
remote="${GITOPS_PUSH_URL:-origin}"
git config user.email >/dev/null || git config user.email "ci@${{ values.name }}.invalid"
git config user.name >/dev/null || git config user.name "${{ values.name }} pipeline"
git fetch --quiet "$remote" "$branch"
git checkout --quiet -B "gitops-rollback-$env_name" FETCH_HEAD
last="$(git log -1 --format=%H --grep="^deploy $service .* to $env_name \[skip ci\]$")"
if [ -z "$last" ]; then
  echo "rollback: no deploy commit of $env_name to revert" >&2
  exit 1
fi
git revert --no-edit "$last"
git commit --quiet --amend -m "roll back $service in $env_name (revert ${last%"${last#???????}"}) [skip ci]"
git push --quiet "$remote" "HEAD:$branch"
echo "rollback: reverted $last; Argo CD syncs the previous tag"
{%- elif values.release == 'canary' %}
# promoted: Healthy, and that status written for the current spec
state="$(kubectl -n "$env_name" get rollout "$service" \
  -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.status.phase}')"
read -r generation observed phase <<STATE
$state
STATE
if [ "$phase" != Healthy ] || [ "$generation" != "$observed" ]; then
  # mid-canary: abort, the stable version takes all pods again
  kubectl -n "$env_name" patch rollout "$service" --subresource=status --type=merge \
    -p '{"status":{"abort":true}}'
  echo "rollback: the canary of $service in $env_name was aborted"
  exit 0
fi
# promoted: deploy the image of the previous ReplicaSet again; within the
# Rollout's rollbackWindow it skips the canary steps
previous="$(kubectl -n "$env_name" get replicaset -l "app.kubernetes.io/name=$service" \
  --sort-by=.metadata.creationTimestamp -o jsonpath='{.items[-2].spec.template.spec.containers[0].image}')"
if [ -z "$previous" ]; then
  echo "rollback: $service in $env_name has no previous version" >&2
  exit 1
fi
sh scripts/deploy.sh "$env_name" "${previous##*:}"
{%- elif values.packaging == 'helm' %}
helm rollback "$service" --namespace "$env_name" --wait --timeout 10m
echo "rollback: $service in $env_name is back on the previous release"
{%- else %}
kubectl -n "$env_name" rollout undo "deployment/$service"
kubectl -n "$env_name" rollout status "deployment/$service" --timeout=10m
{%- endif %}
