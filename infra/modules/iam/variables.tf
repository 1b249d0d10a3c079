variable "name" {
  description = "Name prefix, e.g. runway-production; the role is <name>-backend and the bucket <name>-techdocs-<account id>."
  type        = string
}

variable "oidc_provider_arn" {
  description = "IAM OIDC provider ARN of the EKS cluster."
  type        = string
}

variable "oidc_provider" {
  description = "OIDC issuer host and path without scheme (eks module output `oidc_provider`)."
  type        = string
}

variable "namespace" {
  description = "Namespace of the Runway ServiceAccount."
  type        = string
  default     = "runway"
}

variable "service_account" {
  description = "Name of the Runway ServiceAccount."
  type        = string
  default     = "runway"
}

variable "secrets_prefix" {
  description = "Secrets Manager name prefix Runway may read (runway/*)."
  type        = string
  default     = "runway/"
}

variable "eks_cluster_arns" {
  description = "Clusters Runway may describe. Empty means every cluster in this account."
  type        = list(string)
  default     = []
}

variable "cluster_name" {
  description = "Cluster on which Runway's role gets read-only Kubernetes access via an access entry."
  type        = string
}

variable "cluster_reader_group" {
  description = "Kubernetes group for the access entry; bound by k8s/cluster-reader."
  type        = string
  default     = "runway:cluster-reader"
}

variable "external_secrets" {
  description = "External Secrets Operator ServiceAccount to create a read-only IRSA role for; null to skip."
  type = object({
    namespace       = string
    service_account = string
  })
  default = {
    namespace       = "external-secrets"
    service_account = "external-secrets"
  }
}

variable "db_master_user_secret_arn" {
  description = "RDS-managed master user secret, readable by External Secrets."
  type        = string
  default     = null
}

variable "techdocs_noncurrent_version_days" {
  description = "Days to keep overwritten TechDocs object versions."
  type        = number
  default     = 30
}

variable "cost_exports" {
  description = "S3 bucket and key prefix of the AWS Data Exports Runway imports with this role (awsCost.sources.s3.bucket and .prefix); null for none."
  type = object({
    bucket = string
    prefix = optional(string, "")
  })
  default = null
}

variable "cost_exports_role_arn" {
  description = "Role Runway assumes to read the cost exports instead (awsCost.sources.s3.roleArn); that role needs the S3 reads. Null for none."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags applied to all resources."
  type        = map(string)
  default     = {}
}
