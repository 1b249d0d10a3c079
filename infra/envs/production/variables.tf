variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Environment name, used in resource names and tags."
  type        = string
  default     = "production"
}

variable "hostname" {
  description = "Public host name of Runway (Ingress host, Cognito callback)."
  type        = string
  default     = "runway.example.com"
}

variable "namespace" {
  description = "Kubernetes namespace Runway is deployed to (k8s/overlays/<env>); the IRSA trust is scoped to <namespace>:runway."
  type        = string
  default     = "runway"
}

variable "vpc_cidr" {
  description = "VPC CIDR block (/16)."
  type        = string
  default     = "10.0.0.0/16"
}

variable "azs" {
  description = "Three availability zones for the subnets, e.g. [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"]."
  type        = list(string)
  default     = []
}

variable "cluster_version" {
  description = "EKS Kubernetes version."
  type        = string
  default     = "1.33"
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public EKS API endpoint; empty keeps the endpoint private only."
  type        = list(string)
  default     = []
}

variable "cluster_admin_principal_arns" {
  description = "IAM principals granted cluster admin (e.g. the SSO platform-admin role)."
  type        = list(string)
  default     = []
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.m7g.large"
}

variable "cognito_domain_prefix" {
  description = "Globally unique Cognito hosted UI domain prefix."
  type        = string
}

variable "cognito_identity_providers" {
  description = "Identity providers on the Runway app client."
  type        = list(string)
  default     = ["COGNITO"]
}

variable "backend_secret_name" {
  description = "Secrets Manager name of the settings the ExternalSecret extracts (k8s/base/externalsecret.yaml)."
  type        = string
  default     = "runway/backend"

  validation {
    condition     = startswith(var.backend_secret_name, "runway/")
    error_message = "backend_secret_name must start with runway/ (the prefix Runway's roles may read)."
  }
}

variable "manage_backend_secret" {
  description = "Write the runway/backend secret (DB endpoint, OIDC client, backend secret) from these outputs. Its values are then in the Terraform state."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for every resource (cost allocation: team, cost-center)."
  type        = map(string)
  default     = {}
}

variable "github_token" {
  description = "Token for integrations.github (scaffolder publishing, docs pull requests); empty leaves GITHUB_TOKEN out of the backend secret"
  type        = string
  default     = ""
  sensitive   = true
}

variable "gitlab_token" {
  description = "Token for integrations.gitlab (scaffolder publishing, docs merge requests); empty leaves GITLAB_TOKEN out of the backend secret"
  type        = string
  default     = ""
  sensitive   = true
}
