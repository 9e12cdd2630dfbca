# NULL dereference in lkdtm: oopses and kills only the writing child process.
lkdtm_trigger EXCEPTION
echo "HARNESS: exception action survived (child rc=$?)"
true
