variable "cluster_name" {
  description = "EKS cluster name."
  type        = string
}

variable "cluster_version" {
  description = "Kubernetes minor version."
  type        = string
  default     = "1.33"
}

variable "vpc_id" {
  description = "VPC ID."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets for the control plane ENIs and the nodes."
  type        = list(string)
}

variable "endpoint_public_access" {
  description = "Expose the API server endpoint publicly (in addition to the private endpoint)."
  type        = bool
  default     = false
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public API endpoint when it is enabled."
  type        = list(string)
  default     = []
}

variable "admin_principal_arns" {
  description = "IAM principals (e.g. an SSO admin role) granted cluster admin through access entries."
  type        = list(string)
  default     = []
}

variable "on_demand" {
  description = "On-demand managed node group: baseline capacity for cluster add-ons and stateful or critical pods."
  type = object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
    desired_size   = number
  })
  default = {
    instance_types = ["m7i.large", "m6i.large"]
    min_size       = 3
    max_size       = 6
    desired_size   = 3
  }
}

variable "spot" {
  description = "Spot managed node group: burst capacity for stateless workloads; several instance types to reduce interruptions."
  type = object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
    desired_size   = number
  })
  default = {
    instance_types = ["m7i.large", "m6i.large", "m6a.large", "m5.large"]
    min_size       = 0
    max_size       = 10
    desired_size   = 2
  }
}

variable "log_retention_days" {
  description = "Retention of control-plane logs."
  type        = number
  default     = 90
}

variable "tags" {
  description = "Tags applied to all resources."
  type        = map(string)
  default     = {}
}
