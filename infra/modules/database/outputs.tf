output "address" {
  description = "Endpoint host name (POSTGRES_HOST)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Endpoint port (POSTGRES_PORT)."
  value       = aws_db_instance.this.port
}

output "username" {
  description = "Master user name (POSTGRES_USER)."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret RDS manages for the master user (JSON keys username, password)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group attached to the instance."
  value       = aws_security_group.this.id
}

output "instance_arn" {
  description = "RDS instance ARN."
  value       = aws_db_instance.this.arn
}
